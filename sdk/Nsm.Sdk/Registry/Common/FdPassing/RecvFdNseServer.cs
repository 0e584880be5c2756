using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.FdPassing;

/// <summary>
/// Upstream's registry recvfd and sendfd servers (nsmgr): an NSE registered as <c>inode://dev/ino</c> whose socket
/// file came with the call (grpcfd) is registered onward as <c>unix:///proc/&lt;pid&gt;/fd/&lt;n&gt;</c>, a path this
/// process can dial whatever mount namespace the NSE lives in. The descriptor is held while the NSE is registered and
/// closed on Unregister or expiry. Responses and Find results show the <c>inode://</c> URL again, and a Find over a
/// unix socket passes the socket along with the result (a forwarder dials the NSE through it); the nsmgr's own
/// discovery, which reads the chain below this element, gets the dialable path.
/// </summary>
/// <remarks>Chain placement: nsmgr's NSE chain, after expire, before localbypass.</remarks>
public sealed class RecvFdNseServer : INetworkServiceEndpointRegistryServer, IDisposable
{
    private readonly HeldNseSockets _held = new();

    /// <summary>Gets how many NSEs' socket descriptors are held.</summary>
    public int Count => _held.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!FdInode.TryParseUrl(item.Url, out var inode))
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }

        context.TryGet(GrpcCallContextKeys.FdReceiver, out var receiver);
        var (fd, fresh) = _held.Take(item.Name, inode, receiver)
            ?? throw new NsmStatusException(StatusCode.InvalidArgument, $"recvfd: {item.Name} registers {item.Url}, but its socket file did not come with the call");
        var outgoing = item.Clone();
        outgoing.Url = HeldNseSockets.UnixUrl(fd);
        NetworkServiceEndpoint registered;
        try
        {
            registered = await next.RegisterAsync(outgoing, context).ConfigureAwait(false);
        }
        catch when (fresh)
        {
            fd.Dispose();
            throw;
        }

        if (fresh)
        {
            _held.Keep(item.Name, fd);
        }

        return ToInodeUrl(registered, null);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.TryGet(GrpcCallContextKeys.FdSender, out var sender);
        return next.FindAsync(query, new NseResponseWriter(stream, (nse, deleted) => ToInodeUrl(nse, deleted ? null : sender)), context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var passedInode = FdInode.TryParseUrl(item.Url, out var inode);
        if (passedInode && context.TryGet(GrpcCallContextKeys.FdReceiver, out var receiver) && receiver.TryReceive(inode, out var passed))
        {
            passed.Dispose(); // Unregister passes it again; the held one names it
        }

        var held = _held.Get(item.Name);
        var outgoing = item;
        if (held is not null && (passedInode || item.Url == HeldNseSockets.UnixUrl(held)))
        {
            outgoing = item.Clone();
            outgoing.Url = HeldNseSockets.UnixUrl(held);
        }

        try
        {
            await next.UnregisterAsync(outgoing, context).ConfigureAwait(false);
        }
        finally
        {
            if (held is not null)
            {
                _held.Forget(item.Name, held);
            }
        }
    }

    /// <summary>Closes every held descriptor.</summary>
    public void Dispose() => _held.Dispose();

    // The record with its held descriptor's path swapped back to the inode URL; the socket passed when a sender is given.
    private NetworkServiceEndpoint ToInodeUrl(NetworkServiceEndpoint nse, IFdSender? sender)
    {
        if (_held.HeldFor(nse) is not { } fd)
        {
            return nse;
        }

        var inodeUrl = fd.Inode.ToUrl();
        if (sender is not null)
        {
            try
            {
                inodeUrl = sender.SendFile(fd.Path).ToUrl();
            }
            catch (IOException)
            {
                // The NSE's socket is gone from under the descriptor: the result names it, the caller's dial fails.
            }
        }

        var copy = nse.Clone();
        copy.Url = inodeUrl;
        return copy;
    }
}
