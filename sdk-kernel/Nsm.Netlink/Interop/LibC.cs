using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Interop;

/// <summary>The few libc calls the kernel data plane needs (sockets, namespaces, mounts).</summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_NETFILTER = 12;
    public const int SOL_SOCKET = 1;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_RCVTIMEO = 20;
    public const int SO_RCVBUFFORCE = 33;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_CAP_ACK = 10;
    public const int NETLINK_EXT_ACK = 11;
    public const int NETLINK_GET_STRICT_CHK = 12;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_CLOEXEC = 0x80000;

    public const int CLONE_NEWNET = 0x40000000;

    public const ulong MS_BIND = 0x1000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_SHARED = 1 << 20;
    public const int MNT_DETACH = 2;

    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, void* addr, int addrLen);

    [LibraryImport(Lib, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, int len);

    [LibraryImport(Lib, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, void* buf, nuint len, int flags);

    [LibraryImport(Lib, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, void* buf, nuint len, int flags);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nsType);

    [LibraryImport(Lib, EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport(Lib, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? fsType, ulong flags, nint data);

    [LibraryImport(Lib, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* arg);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint command, void* attr, nuint size);

    /// <summary>The bpf(2) system call (glibc has no wrapper).</summary>
    public static nint Bpf(int command, void* attr, uint size) =>
        Syscall(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 280 : 321, command, attr, size);

    [LibraryImport(Lib, EntryPoint = "fstat", SetLastError = true)]
    public static partial int FStat(int fd, void* statBuffer);

    /// <summary>ioctl NS_GET_NSTYPE: returns the CLONE_NEW* type of a namespace file descriptor.</summary>
    public const nuint NS_GET_NSTYPE = 0xb703;

    /// <summary>Size of a buffer large enough for struct stat on every Linux architecture.</summary>
    public const int StatBufferSize = 256;

    /// <summary>Offset of st_ino in struct stat (x86_64 and the generic layout used by arm64 both put it after the u64 st_dev).</summary>
    public const int StatInodeOffset = 8;

    /// <summary>The errno of the last P/Invoke call on this thread.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();
}
