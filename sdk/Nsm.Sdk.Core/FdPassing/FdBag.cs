namespace Nsm.Sdk.Core.FdPassing;

/// <summary>
/// The descriptors one connection received, by (dev, ino), as upstream's grpcfd keeps them: the first of each pair
/// is kept until the connection closes (later copies are closed at once), and every claim gets a duplicate.
/// </summary>
internal sealed class FdBag(PeerCredentials? peer) : IFdReceiver, IDisposable
{
    private readonly Dictionary<FdInode, int> _received = [];
    private readonly Lock _lock = new();
    private bool _closed;

    public PeerCredentials? Peer { get; } = peer;

    /// <summary>Gets how many distinct descriptors are held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _received.Count;
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
                    keep = !_closed && _received.TryAdd(inode, fd);
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
            if (_closed || !_received.TryGetValue(inode, out var held))
            {
                return false;
            }

            var copy = FdNative.Dup(held, out var errno);
            if (copy < 0)
            {
                throw new IOException($"dup of the descriptor {inode.ToUrl()} failed (errno {errno})");
            }

            fd = new ReceivedFd(copy, inode);
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
            fds = [.. _received.Values];
            _received.Clear();
        }

        foreach (var fd in fds)
        {
            _ = FdNative.Close(fd);
        }
    }
}
