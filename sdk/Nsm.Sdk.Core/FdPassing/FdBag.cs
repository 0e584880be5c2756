namespace Nsm.Sdk.Core.FdPassing;

/// <summary>
/// The descriptors one connection received and nobody has claimed yet, by (dev, ino). A claim takes one (the
/// message that names a file carries its own copy), so a long-lived connection does not pin the namespaces of pods
/// long gone (upstream's grpcfd keeps every descriptor until the connection closes). At most
/// <see cref="MaxHeld"/> are held; more are closed on arrival. Closing the connection closes the rest.
/// </summary>
internal sealed class FdBag(PeerCredentials? peer) : IFdReceiver, IDisposable
{
    public const int MaxHeld = 256;

    private readonly Dictionary<FdInode, Queue<int>> _received = [];
    private readonly Lock _lock = new();
    private int _held;
    private bool _closed;

    public PeerCredentials? Peer { get; } = peer;

    /// <summary>Gets how many descriptors are held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>Takes ownership of descriptors that arrived with a read.</summary>
    public void Add(List<int> fds)
    {
        foreach (var fd in fds)
        {
            var keep = false;
            if (FdNative.TryStat(fd, out var inode))
            {
                lock (_lock)
                {
                    if (!_closed && _held < MaxHeld)
                    {
                        if (!_received.TryGetValue(inode, out var queue))
                        {
                            queue = new Queue<int>();
                            _received[inode] = queue;
                        }

                        queue.Enqueue(fd);
                        _held++;
                        keep = true;
                    }
                }
            }

            if (!keep)
            {
                _ = FdNative.Close(fd);
            }
        }
    }

    public bool TryReceive(FdInode inode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReceivedFd? fd)
    {
        lock (_lock)
        {
            fd = null;
            if (_closed || !_received.TryGetValue(inode, out var queue) || !queue.TryDequeue(out var held))
            {
                return false;
            }

            _held--;
            if (queue.Count == 0)
            {
                _received.Remove(inode);
            }

            fd = new ReceivedFd(held, inode);
            return true;
        }
    }

    public void Dispose()
    {
        List<int> fds;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            fds = [.. _received.Values.SelectMany(q => q)];
            _received.Clear();
            _held = 0;
        }

        foreach (var fd in fds)
        {
            _ = FdNative.Close(fd);
        }
    }
}
