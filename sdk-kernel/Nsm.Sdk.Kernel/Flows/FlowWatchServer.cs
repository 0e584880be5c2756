using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Flows;

/// <summary>
/// Puts an <see cref="NftFlowWatch"/> on a passthrough NSE's connections: once the rest of the chain has set up a
/// connection the watch covers it (the first one installs the table); a Close stops it first. A connection the
/// watch cannot cover is closed downstream and refused, so no flow passes unwatched. A Close removes the connection
/// from the watch even when its caller cancels it midway (the last one's table must not stay).
/// </summary>
/// <param name="watch">The watch.</param>
public sealed class FlowWatchServer(NftFlowWatch watch) : INetworkServiceServer
{
    private readonly NftFlowWatch _watch = watch ?? throw new ArgumentNullException(nameof(watch));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var postponed = PostponedClose.Capture(context);
        var connection = await next.RequestAsync(request, context).ConfigureAwait(false);
        try
        {
            await _watch.AddAsync(connection.Id, context.CancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or KernelException)
        {
            // The Request already fails with the watch's error; a failed clean-up Close must not hide it.
            await postponed.RunAsync(context, c => next.CloseAsync(connection, c)).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Internal, $"flow watch: the table could not be installed: {e.Message}"));
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // Not the caller's token: a caller that gives up on its Close (a client stopping) must not leave the table behind.
        await _watch.RemoveAsync(connection.Id, CancellationToken.None).ConfigureAwait(false);
        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }
}
