namespace Nsm.Sdk.Core.FdPassing;

/// <summary>Descriptors waiting for the next write (shared by the connections of one channel; owned until sent or disposed).</summary>
internal sealed class FdSendQueue : IFdSender, IDisposable
{
    private readonly Queue<int> _pending = new();
    private readonly Lock _lock = new();
    private bool _disposed;
    private int _count;

    /// <summary>Gets a value indicating whether a descriptor waits (a cheap check for every write).</summary>
    public bool HasPending => Volatile.Read(ref _count) > 0;

    public FdInode SendFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = FdNative.OpenPath(path, out var errno);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to pass it (errno {errno})");
        }

        if (!FdNative.TryStat(fd, out var inode))
        {
            _ = FdNative.Close(fd);
            throw new IOException($"cannot stat {path} to pass it");
        }

        lock (_lock)
        {
            if (!_disposed)
            {
                _pending.Enqueue(fd);
                _count = _pending.Count;
                return inode;
            }
        }

        _ = FdNative.Close(fd);
        throw new ObjectDisposedException(nameof(FdSendQueue));
    }

    /// <summary>Takes as many descriptors as fit in <paramref name="into"/>; the caller sends and closes them.</summary>
    public int TakeInto(Span<int> into)
    {
        lock (_lock)
        {
            var n = 0;
            while (n < into.Length && _pending.TryDequeue(out var fd))
            {
                into[n++] = fd;
            }

            _count = _pending.Count;
            return n;
        }
    }

    /// <summary>Puts descriptors back at the front that could not be sent (the next write tries again).</summary>
    public void Requeue(ReadOnlySpan<int> fds)
    {
        lock (_lock)
        {
            var rest = _pending.ToArray();
            _pending.Clear();
            foreach (var fd in fds)
            {
                _pending.Enqueue(fd);
            }

            foreach (var fd in rest)
            {
                _pending.Enqueue(fd);
            }

            _count = _pending.Count;        }
    }

    public void Dispose()
    {
        int[] fds;
        lock (_lock)
        {
            _disposed = true;
            fds = _pending.ToArray();
            _pending.Clear();
            _count = 0;
        }

        foreach (var fd in fds)
        {
            _ = FdNative.Close(fd);
        }
    }
}
