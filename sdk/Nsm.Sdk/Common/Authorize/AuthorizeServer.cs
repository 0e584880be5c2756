using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>
/// Checks the caller against a policy set on Request and Close (upstream <c>authorize.NewServer</c>, wire spec §4.4).
/// The input is the left side of the path, <c>[0..index]</c>, and the caller's TLS certificate.
/// </summary>
/// <remarks>
/// <para>Placement: after updatetoken, so the caller's and this hop's tokens are in the path.</para>
/// <para>Only calls with a caller (<see cref="NsmContext.Peer"/> set, i.e. from the gRPC boundary) are checked;
/// in-process calls pass. A denial is <c>PermissionDenied</c>, a failing policy <c>Internal</c>.</para>
/// <para>For callers with a SPIFFE ID it records caller ID → caller's connection id in
/// <see cref="AuthorizeServerOptions.ConnectionMap"/>, removed on Close and on a failed Request.</para>
/// </remarks>
public sealed class AuthorizeServer : INetworkServiceServer
{
    private readonly AuthorizeServerOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
    public AuthorizeServer(AuthorizeServerOptions? options = null) => _options = options ?? new AuthorizeServerOptions();

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var owner = Owner(request.Connection, context);
        if (owner is { } o)
        {
            _options.ConnectionMap.Add(o.SpiffeId, o.ConnectionId);
        }

        try
        {
            Check(request.Connection?.Path, context);
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (owner is not null)
        {
            _options.ConnectionMap.Remove(owner.Value.SpiffeId, owner.Value.ConnectionId);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Owner(connection, context) is { } o)
        {
            _options.ConnectionMap.Remove(o.SpiffeId, o.ConnectionId);
        }

        Check(connection.Path, context);
        return next.CloseAsync(connection, context);
    }

    private static (string SpiffeId, string ConnectionId)? Owner(Connection? connection, NsmContext context)
    {
        var path = connection?.Path;
        return context.Peer.GetSpiffeId() is { } id && path is not null && path.Index > 0 && path.Index <= path.PathSegments.Count
            ? (id, path.PathSegments[(int)path.Index - 1].Id)
            : null;
    }

    private void Check(ApiPath? path, NsmContext context)
    {
        if (context.Peer is null)
        {
            return;
        }

        AuthorizationEnforcement.Enforce(_options.Policies, () =>
        {
            var leftSide = new ApiPath { Index = path?.Index ?? 0 };
            if (path is not null)
            {
                leftSide.PathSegments.Add(path.PathSegments.Take((int)path.Index + 1));
            }

            return NetworkServiceAuthorizationInput.FromPath(leftSide, context.Peer.ToPeerAuthInfo());
        });
    }
}
