using Microsoft.Win32.SafeHandles;
using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>
/// An open network namespace (a file descriptor on an nsfs file). Open it by name (<c>/run/netns/NAME</c>),
/// by process (<c>/proc/PID/ns/net</c>), by inode, or from an NSM <c>inodeURL</c>; run code inside it with
/// <see cref="RunInAsync{T}(Func{T}, CancellationToken)"/> and open netlink sockets bound to it with
/// <see cref="OpenNetlinkAsync"/>. Holding the handle keeps the namespace alive.
/// </summary>
public sealed partial class NetNs : IDisposable
{
    private readonly SafeFileHandle _handle;

    private NetNs(SafeFileHandle handle, string path, ulong inode)
    {
        _handle = handle;
        Path = path;
        Inode = inode;
    }

    /// <summary>The path the namespace was opened from.</summary>
    public string Path { get; }

    /// <summary>The namespace's inode number (its identity, as in <c>net:[INODE]</c>).</summary>
    public ulong Inode { get; }

    /// <summary>A short name for messages: the <c>/run/netns</c> name, or the path.</summary>
    public string DisplayName => Path.StartsWith(RunDir + "/", StringComparison.Ordinal) ? Path[(RunDir.Length + 1)..] : Path;

    /// <summary>The raw file descriptor (valid while the handle is referenced).</summary>
    internal int Fd => (int)_handle.DangerousGetHandle();

    /// <summary>Opens the namespace file at <paramref name="path"/> (an nsfs file such as <c>/proc/1/ns/net</c>).</summary>
    /// <param name="path">The path of the namespace file.</param>
    /// <exception cref="NetNsException">The file cannot be opened or is not a network namespace.</exception>
    public static NetNs Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new NetNsException("netns open", path, LibC.LastErrno);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var inode = NetworkNamespaceInode(fd);
        if (inode is null)
        {
            handle.Dispose();
            throw new NetNsException($"netns open {path}: not a network namespace file");
        }

        return new NetNs(handle, path, inode.Value);
    }

    /// <summary>Opens the named namespace <c>/run/netns/<paramref name="name"/></c> (as made by <c>ip netns add</c>).</summary>
    /// <param name="name">The namespace name.</param>
    public static NetNs OpenByName(string name) => Open(NamedPath(name));

    /// <summary>Opens the namespace of process <paramref name="pid"/> (<c>/proc/PID/ns/net</c>).</summary>
    /// <param name="pid">The process id.</param>
    public static NetNs OpenByPid(int pid) => Open($"/proc/{pid}/ns/net");

    /// <summary>Opens the namespace this process was started in (<c>/proc/self/ns/net</c>).</summary>
    public static NetNs OpenCurrentProcess() => Open("/proc/self/ns/net");

    /// <summary>True when <paramref name="other"/> is the same namespace (same inode).</summary>
    /// <param name="other">The namespace to compare with.</param>
    public bool IsSame(NetNs other) => other is not null && other.Inode == Inode;

    /// <inheritdoc/>
    public override string ToString() => $"netns {DisplayName} (net:[{Inode}])";

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    /// <summary>Keeps the descriptor open while a request refers to it; pair with <see cref="Release"/>.</summary>
    internal void AddRef()
    {
        var ok = false;
        _handle.DangerousAddRef(ref ok);
    }

    /// <summary>Releases a reference taken by <see cref="AddRef"/>.</summary>
    internal void Release() => _handle.DangerousRelease();

    /// <summary>The inode of <paramref name="fd"/> if it is a network namespace, else null.</summary>
    internal static unsafe ulong? NetworkNamespaceInode(int fd)
    {
        if (LibC.Ioctl(fd, LibC.NS_GET_NSTYPE, null) != LibC.CLONE_NEWNET)
        {
            return null;
        }

        byte* stat = stackalloc byte[LibC.StatBufferSize];
        return LibC.FStat(fd, stat) == 0 ? *(ulong*)(stat + LibC.StatInodeOffset) : null;
    }
}
