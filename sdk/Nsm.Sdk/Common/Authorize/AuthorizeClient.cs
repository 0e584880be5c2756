using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>
/// Checks the server's answer against a policy set (upstream <c>authorize.NewClient</c>): after a Request returns, the
/// full returned path and the server's TLS identity must pass; before a Close, the path being closed must pass.
/// </summary>
/// <remarks>
/// <para>Placement: near the end of a client chain, before trimpath and the gRPC terminal (upstream order).</para>
/// <para>When a <em>new</em> connection fails the check, the element closes it downstream (so the server does not
/// keep it) and fails the Request with <c>PermissionDenied</c>. A failing refresh only fails.</para>
/// </remarks>
public sealed class AuthorizeClient : INetworkServiceClient
{
    private readonly AuthorizeClientOptions _options;
    private readonly ConcurrentDictionary<string, byte> _established = new(StringComparer.Ordinal);

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
    public AuthorizeClient(AuthorizeClientOptions? options = null) => _options = options ?? new AuthorizeClientOptions();

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var id = request.Connection?.Id ?? string.Empty;
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        try
        {
            Check(conn, context);
        }
        catch (NsmStatusException) when (!_established.ContainsKey(conn.Id) && !_established.ContainsKey(id))
        {
            using var cts = new CancellationTokenSource(context.RemainingTime is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(15), context.Clock);
            try
            {
                await next.CloseAsync(conn, context.Fork(context.Deadline, cts.Token)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The Request still fails with the policy error; the close is best effort.
                context.Logger.LogCloseAfterDenialFailed(conn.Id, ex.Message);
            }

            throw;
        }

        _established[conn.Id] = 0;
        return conn;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _established.TryRemove(connection.Id, out _);
        Check(connection, context);
        return next.CloseAsync(connection, context);
    }

    private void Check(Connection connection, NsmContext context) =>
        AuthorizationEnforcement.Enforce(_options.Policies, () =>
            NetworkServiceAuthorizationInput.FromPath(connection.Path, _options.ServerPeer?.Invoke(context)));
}
