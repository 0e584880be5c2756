namespace Nsm.Sdk.Core.FdPassing;

/// <summary>
/// The descriptors a client channel's unix-socket connections received from the server (grpcfd answers: registry
/// Find results that name an NSE socket), across every connection the channel opened; closed connections drop out.
/// </summary>
internal sealed class ChannelFdReceiver : IFdReceiver
{
    private readonly List<FdPassingStream> _streams = [];
    private readonly Lock _lock = new();

    /// <summary>Gets <see langword="null"/>: a channel may have several connections to the same server.</summary>
    public PeerCredentials? Peer => null;

    public void Add(FdPassingStream stream)
    {
        lock (_lock)
        {
            _streams.RemoveAll(s => s.IsDisposed);
            _streams.Add(stream);
        }
    }

    public bool TryReceive(FdInode inode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReceivedFd? fd)
    {
        lock (_lock)
        {
            foreach (var stream in _streams)
            {
                if (!stream.IsDisposed && stream.Receiver.TryReceive(inode, out fd))
                {
                    return true;
                }
            }
        }

        fd = null;
        return false;
    }
}
