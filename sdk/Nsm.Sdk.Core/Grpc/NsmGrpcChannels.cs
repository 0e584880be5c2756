using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Core;

/// <summary>
/// Creates gRPC channels to <c>unix://</c> and <c>tcp://</c> URLs (plain HTTP/2, as upstream's sandbox). On unix
/// sockets the connection speaks upstream's grpcfd (<see cref="FdPassingStream"/>): files queued with
/// <see cref="FdSenderOf(GrpcChannel)"/> ride along with the channel's next write.
/// </summary>
public static class NsmGrpcChannels
{
    private static readonly ConditionalWeakTable<GrpcChannel, IFdSender> ChannelSenders = [];
    private static readonly ConditionalWeakTable<CallInvoker, IFdSender> InvokerSenders = [];

    /// <summary>Creates a channel.</summary>
    /// <param name="url">Where to dial.</param>
    /// <param name="configure">Optional changes to the channel options.</param>
    /// <returns>The channel; dispose it when done.</returns>
    public static GrpcChannel Create(Uri url, Action<GrpcChannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            Properties = { [NsmChannelProperties.Url] = url },
        };
        string address;
        FdSendQueue? queue = null;
        if (NsmUrl.IsUnix(url))
        {
            // Queued descriptors go out with the next write of any of the channel's connections: there is one unless
            // more than 100 calls run at once, when HTTP/2 opens a second and a descriptor may miss its call.
            var endpoint = new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url));
            var sendQueue = queue = new FdSendQueue();
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
                    return new FdPassingStream(socket, sendQueue, ownsQueue: false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            address = "http://localhost";
        }
        else
        {
            address = $"http://{url.Authority}";
        }

        // grpc-go's default receive limit, explicit: a larger answer fails RESOURCE_EXHAUSTED instead of being buffered.
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxReceiveMessageSize = 4 * 1024 * 1024 };
        configure?.Invoke(options);
        var channel = GrpcChannel.ForAddress(address, options);
        if (queue is not null)
        {
            ChannelSenders.Add(channel, queue);
        }

        return channel;
    }

    /// <summary>Creates the call invoker of a channel, remembering its FD sender for <see cref="FdSenderOf(CallInvoker)"/>.</summary>
    /// <param name="channel">A channel from <see cref="Create"/>.</param>
    /// <returns>The invoker.</returns>
    public static CallInvoker CreateCallInvoker(GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var invoker = channel.CreateCallInvoker();
        if (ChannelSenders.TryGetValue(channel, out var sender))
        {
            InvokerSenders.AddOrUpdate(invoker, sender);
        }

        return invoker;
    }

    /// <summary>Gets the FD sender of a unix-socket channel, or <see langword="null"/> (TCP, or not made here).</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The sender.</returns>
    public static IFdSender? FdSenderOf(GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return ChannelSenders.TryGetValue(channel, out var sender) ? sender : null;
    }

    /// <summary>Gets the FD sender behind an invoker made by <see cref="CreateCallInvoker"/>, or <see langword="null"/>.</summary>
    /// <param name="invoker">The invoker.</param>
    /// <returns>The sender.</returns>
    public static IFdSender? FdSenderOf(CallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return InvokerSenders.TryGetValue(invoker, out var sender) ? sender : null;
    }
}
