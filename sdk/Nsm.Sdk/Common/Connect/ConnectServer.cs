using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Connect;

/// <summary>
/// Bridges a server chain into a client chain: runs the client (usually a whole client chain ending in
/// <see cref="GrpcNetworkServiceClient"/>) with the request, then continues the rest of the server chain with the
/// client's connection.
/// </summary>
/// <remarks>
/// <para>When the rest of the server chain fails, the client connection is closed again with a context that has the
/// Request's remaining time but not its cancellation. Close closes the client first, then the rest of the server
/// chain, and reports the errors of both; the client's Close is bound by <see cref="OnwardCloseTimeout"/>, not by the
/// caller's deadline or cancellation.</para>
/// <para>The client runs with the server's call context, so it shares the connection's metadata, event factories and
/// client URL.</para>
/// </remarks>
/// <param name="client">The client to call.</param>
public sealed class ConnectServer(INetworkServiceClient client) : INetworkServiceServer
{
    /// <summary>How long the onward Close may take, whatever the caller's own deadline.</summary>
    public static readonly TimeSpan OnwardCloseTimeout = TimeSpan.FromSeconds(15);

    private readonly INetworkServiceClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remaining = context.RemainingTime;
        var clientConn = await _client.RequestAsync(request.Clone(), context, NetworkServiceHandler.Tail).ConfigureAwait(false);
        var rest = request.Clone();
        rest.Connection = clientConn;
        try
        {
            return await next.RequestAsync(rest, context).ConfigureAwait(false);
        }
        catch
        {
            await CompensateAsync(clientConn, context, remaining).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // The onward Close runs to its end even when the caller gives up on this one: cancelling it half way
        // would leave the next hops' interfaces until their tokens expire. It gets its own bound instead.
        var clientError = await PostponedClose.WithBudget(OnwardCloseTimeout)
            .RunAsync(context, onward => _client.CloseAsync(connection.Clone(), onward, NetworkServiceHandler.Tail)).ConfigureAwait(false);

        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (clientError is not null)
        {
            throw new AggregateException("connect: both the client and the rest of the server chain failed to close", clientError, ex);
        }

        if (clientError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(clientError);
        }
    }

    private async Task CompensateAsync(Connection clientConn, NsmContext context, TimeSpan? remaining)
    {
        var clock = context.Clock;
        var timeout = remaining is { } r && r > TimeSpan.Zero ? r : (TimeSpan?)null;
        using var cts = timeout is { } t ? new CancellationTokenSource(t, clock) : null;
        var closeContext = context.Fork(timeout is { } d ? clock.GetUtcNow() + d : null, cts?.Token ?? CancellationToken.None);
        try
        {
            await _client.CloseAsync(clientConn.Clone(), closeContext, NetworkServiceHandler.Tail).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.Logger.LogWarning(ex, "connect: closing the client connection {Id} after a failed request failed", clientConn.Id);
        }
    }
}
