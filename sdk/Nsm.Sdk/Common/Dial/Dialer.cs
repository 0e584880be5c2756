using Grpc.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>The next hop of one connection: a lease on the pooled channel of its current URL.</summary>
/// <param name="pool">The pool the channels come from.</param>
internal sealed class Dialer(ChannelPool pool) : IDisposable
{
    private readonly Lock _lock = new();
    private ChannelPool.Lease? _lease;
    private bool _disposed;

    public Uri? Url => _lease?.Url;

    public CallInvoker? Invoker => _lease?.Invoker;

    /// <summary>Points the dialer at <paramref name="url"/>.</summary>
    /// <returns><see langword="true"/> when it now uses another channel than before (first dial or a new URL).</returns>
    public bool Dial(Uri url)
    {
        ChannelPool.Lease? old;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lease is not null && url == _lease.Url)
            {
                return false;
            }

            old = _lease;
            _lease = pool.Acquire(url);
        }

        if (old is not null)
        {
            pool.Release(old);
        }

        return true;
    }

    public void Dispose()
    {
        ChannelPool.Lease? lease;
        lock (_lock)
        {
            _disposed = true;
            lease = _lease;
            _lease = null;
        }

        if (lease is not null)
        {
            pool.Release(lease);
        }
    }
}
