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
    private static readonly ConditionalWeakTable<GrpcChannel, IFdReceiver> ChannelReceivers = [];
    private static readonly ConditionalWeakTable<CallInvoker, IFdReceiver> InvokerReceivers = [];

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
        ChannelFdReceiver? receiver = null;
        if (NsmUrl.IsUnix(url))
        {
            // Queued descriptors go out with the next write of any of the channel's connections: there is one unless
            // more than 100 calls run at once, when HTTP/2 opens a second and a descriptor may miss its call.
            var endpoint = new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url));
            var sendQueue = queue = new FdSendQueue();
            var received = receiver = new ChannelFdReceiver();
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
                    var stream = new FdPassingStream(socket, sendQueue, ownsQueue: false);
                    received.Add(stream);
                    return stream;
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
            ChannelReceivers.Add(channel, receiver!);
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

        if (ChannelReceivers.TryGetValue(channel, out var receiver))
        {
            InvokerReceivers.AddOrUpdate(invoker, receiver);
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

    /// <summary>
    /// Gets the descriptors the server passed back on the unix-socket connections behind an invoker made by
    /// <see cref="CreateCallInvoker"/> (e.g. NSE sockets with registry Find results), or <see langword="null"/> (TCP).
    /// </summary>
    /// <param name="invoker">The invoker.</param>
    /// <returns>The receiver.</returns>
    public static IFdReceiver? FdReceiverOf(CallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return InvokerReceivers.TryGetValue(invoker, out var receiver) ? receiver : null;
    }
}
