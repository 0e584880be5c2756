using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// One gRPC channel per next-hop URL, shared by every connection that goes there and closed when the last one
/// leaves. A channel multiplexes calls over one HTTP/2 connection and reconnects by itself, so a channel per
/// connection would only add a connection setup to each Request and a socket and buffers to each connection.
/// </summary>
/// <param name="configure">Changes to the channel options, or <see langword="null"/>.</param>
internal sealed class ChannelPool(Action<GrpcChannelOptions>? configure)
{
    private readonly Dictionary<Uri, Lease> _leases = [];
    private readonly Lock _lock = new();

    public Lease Acquire(Uri url)
    {
        lock (_lock)
        {
            if (!_leases.TryGetValue(url, out var lease))
            {
                lease = new Lease(url, NsmGrpcChannels.Create(url, configure));
                _leases[url] = lease;
            }

            lease.References++;
            return lease;
        }
    }

    public void Release(Lease lease)
    {
        lock (_lock)
        {
            if (--lease.References > 0)
            {
                return;
            }

            _leases.Remove(lease.Url);
        }

        lease.Channel.Dispose();
    }

    /// <summary>A shared channel and how many dialers use it.</summary>
    /// <param name="url">The next hop.</param>
    /// <param name="channel">The channel.</param>
    internal sealed class Lease(Uri url, GrpcChannel channel)
    {
        public Uri Url { get; } = url;

        public GrpcChannel Channel { get; } = channel;

        public CallInvoker Invoker { get; } = channel.CreateCallInvoker();

        public int References { get; set; }
    }
}
