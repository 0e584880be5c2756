using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.FdPassing;

/// <summary>
/// Upstream's registry recvfd client (forwarder): a Find result that names an NSE as <c>inode://dev/ino</c> and whose
/// socket the server passed with it (grpcfd, over a unix socket) becomes <c>unix:///proc/&lt;pid&gt;/fd/&lt;n&gt;</c>, so
/// this process dials the NSE through the descriptor whatever mount namespace the NSE lives in. The descriptor is
/// held per NSE (the same path on every Find while the socket is the same) and closed when a result says it was deleted.
/// </summary>
/// <remarks>Chain placement: the registry client that finds NSEs through the nsmgr, after dial, before the call.</remarks>
public sealed class RecvFdNseClient : INetworkServiceEndpointRegistryClient, IDisposable
{
    private readonly HeldNseSockets _held = new();

    /// <summary>Gets how many NSEs' socket descriptors are held.</summary>
    public int Count => _held.Count;

    /// <inheritdoc />
    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var receiver = context.TryGet(GrpcCallContextKeys.ClientConnection, out var invoker) ? NsmGrpcChannels.FdReceiverOf(invoker) : null;
        return next.FindAsync(query, new NseResponseWriter(stream, (nse, deleted) => ToUnixUrl(nse, deleted, receiver)), context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }

    /// <summary>Closes every held descriptor.</summary>
    public void Dispose() => _held.Dispose();

    private NetworkServiceEndpoint ToUnixUrl(NetworkServiceEndpoint nse, bool deleted, IFdReceiver? receiver)
    {
        if (!FdInode.TryParseUrl(nse.Url, out var inode))
        {
            return nse;
        }

        ReceivedFd fd;
        if (deleted)
        {
            if (_held.Get(nse.Name) is not { } held || held.Inode != inode)
            {
                return nse;
            }

            fd = held;
            _held.Forget(nse.Name, held); // the path below stays the one the NSE was known by
        }
        else if (_held.Take(nse.Name, inode, receiver) is var (taken, fresh))
        {
            fd = taken;
            if (fresh)
            {
                _held.Keep(nse.Name, taken);
            }
        }
        else
        {
            return nse;
        }

        var copy = nse.Clone();
        copy.Url = HeldNseSockets.UnixUrl(fd);
        return copy;
    }
}
