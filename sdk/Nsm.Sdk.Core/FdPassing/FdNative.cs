using System.Runtime.InteropServices;

namespace Nsm.Sdk.Core.FdPassing;

/// <summary>The libc calls of FD passing over unix sockets: sendmsg/recvmsg with SCM_RIGHTS, statx, open(O_PATH), close (Linux, 64-bit).</summary>
internal static unsafe partial class FdNative
{
    public const int MaxFdsPerMessage = 64;
    public const int EAGAIN = 11;
    public const int EINTR = 4;

    private const string Lib = "libc";
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int MsgCmsgCloexec = 0x40000000;
    private const int OPath = 0x200000;
    private const int OCloexec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const int StatxBasicStats = 0x7ff;
    private const int CmsgHeaderSize = 16; // size_t len, int level, int type
    private const int ControlSize = CmsgHeaderSize + (MaxFdsPerMessage * sizeof(int));

    /// <summary>Receives into <paramref name="buffer"/> without blocking; descriptors that came along are added to <paramref name="received"/>.</summary>
    /// <returns>The byte count (0 at end of stream), or -1 with <paramref name="errno"/> set.</returns>
    public static int Receive(SafeHandle socket, Span<byte> buffer, List<int> received, out int errno)
    {
        var control = stackalloc byte[ControlSize];
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            var added = false;
            socket.DangerousAddRef(ref added);
            try
            {
                var n = (int)RecvMsg((int)socket.DangerousGetHandle(), &msg, MsgDontWait | MsgCmsgCloexec);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (n >= 0)
                {
                    CollectRights(control, (int)msg.ControlLength, received);
                }

                return n;
            }
            finally
            {
                if (added)
                {
                    socket.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Sends <paramref name="data"/> with one descriptor as SCM_RIGHTS, without blocking.</summary>
    /// <returns>The byte count, or -1 with <paramref name="errno"/> set.</returns>
    public static int SendWithRights(SafeHandle socket, ReadOnlySpan<byte> data, int fd, out int errno)
    {
        var control = stackalloc byte[CmsgHeaderSize + 8];
        *(nuint*)control = CmsgHeaderSize + sizeof(int);
        *(int*)(control + 8) = SolSocket;
        *(int*)(control + 12) = ScmRights;
        *(int*)(control + CmsgHeaderSize) = fd;
        fixed (byte* bytes = data)
        {
            var iov = new IoVec { Base = bytes, Length = (nuint)data.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = CmsgHeaderSize + 8 };
            var added = false;
            socket.DangerousAddRef(ref added);
            try
            {
                var n = (int)SendMsg((int)socket.DangerousGetHandle(), &msg, MsgDontWait | MsgNoSignal);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                return n;
            }
            finally
            {
                if (added)
                {
                    socket.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> with O_PATH (enough to pass and to setns with).</summary>
    public static int OpenPath(string path, out int errno)
    {
        var fd = Open(path, OPath | OCloexec);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// <summary>The (dev, ino) of a descriptor, dev encoded as glibc's makedev (what Go's Stat_t.Dev holds).</summary>
    public static bool TryStat(int fd, out FdInode inode) => TryStatx(fd, string.Empty, AtEmptyPath, out inode);

    /// <summary>The (dev, ino) of a path (following links, like stat(2)).</summary>
    public static bool TryStat(string path, out FdInode inode) => TryStatx(-100 /* AT_FDCWD */, path, 0, out inode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    private static bool TryStatx(int dirFd, string path, int flags, out FdInode inode)
    {
        var buffer = stackalloc byte[256];
        if (Statx(dirFd, path, flags, StatxBasicStats, buffer) != 0)
        {
            inode = default;
            return false;
        }

        var ino = *(ulong*)(buffer + 32);
        ulong major = *(uint*)(buffer + 136);
        ulong minor = *(uint*)(buffer + 140);
        var dev = ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff);
        inode = new FdInode(dev, ino);
        return true;
    }

    private static void CollectRights(byte* control, int length, List<int> received)
    {
        var offset = 0;
        while (offset + CmsgHeaderSize <= length)
        {
            var cmsgLength = (int)*(nuint*)(control + offset);
            if (cmsgLength < CmsgHeaderSize || offset + cmsgLength > length)
            {
                return;
            }

            if (*(int*)(control + offset + 8) == SolSocket && *(int*)(control + offset + 12) == ScmRights)
            {
                for (var p = CmsgHeaderSize; p + sizeof(int) <= cmsgLength; p += sizeof(int))
                {
                    received.Add(*(int*)(control + offset + p));
                }
            }

            offset += (cmsgLength + 7) & ~7;
        }
    }

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport(Lib, EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
