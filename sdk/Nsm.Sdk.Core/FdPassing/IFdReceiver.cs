namespace Nsm.Sdk.Core.FdPassing;

/// <summary>The descriptors a unix-socket connection received (SCM_RIGHTS), matched by (dev, ino) as upstream's grpcfd.</summary>
/// <remarks>
/// A descriptor rides on the bytes of a write made after it was queued, so it has arrived by the time the message
/// that names it is read: there is nothing to wait for (upstream waits until the call's deadline instead).
/// </remarks>
public interface IFdReceiver
{
    /// <summary>Gets the peer process of the connection (SO_PEERCRED), or <see langword="null"/> when unknown.</summary>
    PeerCredentials? Peer { get; }

    /// <summary>Takes one received descriptor with <paramref name="inode"/>; the caller owns it.</summary>
    /// <param name="inode">The (dev, ino) named by the message.</param>
    /// <param name="fd">The descriptor, path-openable.</param>
    /// <returns>Whether the connection received such a descriptor.</returns>
    bool TryReceive(FdInode inode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReceivedFd? fd);
}
