using System.Globalization;

namespace Nsm.Sdk.Core.FdPassing;

/// <summary>A descriptor received over a unix socket, owned by the holder; <see cref="Path"/> opens it (<c>/proc/&lt;pid&gt;/fd/&lt;n&gt;</c>).</summary>
public sealed class ReceivedFd : IDisposable
{
    private int _fd;

    internal ReceivedFd(int fd, FdInode inode)
    {
        _fd = fd;
        Inode = inode;
        Path = string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/fd/{fd}");
    }

    /// <summary>Gets the (dev, ino) it was matched by.</summary>
    public FdInode Inode { get; }

    /// <summary>Gets the path that opens it in this process, <c>/proc/&lt;pid&gt;/fd/&lt;n&gt;</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the <c>file://</c> URL of <see cref="Path"/> (what upstream's recvfd puts in <c>inodeURL</c>).</summary>
    public string FileUrl => "file://" + Path;

    /// <summary>Closes the descriptor.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = FdNative.Close(fd);
        }
    }
}
