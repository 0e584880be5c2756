using Grpc.Core;
using Grpc.Net.Client;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// One gRPC channel per next-hop URL, shared by every caller that goes there. A channel multiplexes calls over one
/// HTTP/2 connection and reconnects by itself, so a channel per connection or per call would only add a connection
/// setup to each call and a socket and buffers to each connection. The network service dial leases a channel per
/// connection (<see cref="Acquire"/>; closed when the last lease is released); the registry dial pins one per URL for
/// its own life (<see cref="Pin"/>). Disposing the pool closes every channel.
/// </summary>
/// <param name="factory">Makes the channel of a URL.</param>
internal sealed class ChannelPool(Func<Uri, GrpcChannel> factory) : IDisposable
{
    private readonly Dictionary<Uri, Lease> _leases = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Gets the number of open channels.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Takes a counted lease on the channel of <paramref name="url"/>; give it back with <see cref="Release"/>.</summary>
    /// <param name="url">The next hop.</param>
    /// <returns>The lease.</returns>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public Lease Acquire(Uri url)
    {
        lock (_lock)
        {
            var lease = Open(url);
            lease.References++;
            return lease;
        }
    }

    /// <summary>Gets the channel of <paramref name="url"/>, kept open until the pool is disposed.</summary>
    /// <param name="url">The next hop.</param>
    /// <returns>The lease (not to be released).</returns>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public Lease Pin(Uri url)
    {
        lock (_lock)
        {
            var lease = Open(url);
            if (!lease.Pinned)
            {
                lease.Pinned = true;
                lease.References++;
            }

            return lease;
        }
    }

    /// <summary>Gives back a lease from <see cref="Acquire"/>; the last one closes the channel.</summary>
    /// <param name="lease">The lease.</param>
    public void Release(Lease lease)
    {
        lock (_lock)
        {
            if (--lease.References > 0 || !_leases.Remove(lease.Url))
            {
                return;
            }
        }

        lease.Channel.Dispose();
    }

    /// <summary>Closes every channel; later leases fail.</summary>
    public void Dispose()
    {
        Lease[] all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _leases.Values];
            _leases.Clear();
        }

        foreach (var lease in all)
        {
            lease.Channel.Dispose();
        }
    }

    private Lease Open(Uri url)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_leases.TryGetValue(url, out var lease))
        {
            lease = new Lease(url, factory(url));
            _leases[url] = lease;
        }

        return lease;
    }

    /// <summary>A shared channel and how many users hold it.</summary>
    /// <param name="url">The next hop.</param>
    /// <param name="channel">The channel.</param>
    internal sealed class Lease(Uri url, GrpcChannel channel)
    {
        public Uri Url { get; } = url;

        public GrpcChannel Channel { get; } = channel;

        public CallInvoker Invoker { get; } = Core.NsmGrpcChannels.CreateCallInvoker(channel);

        public int References { get; set; }

        public bool Pinned { get; set; }
    }
}
