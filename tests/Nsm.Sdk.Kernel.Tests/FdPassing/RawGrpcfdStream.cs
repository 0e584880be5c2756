using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Tests.FdPassing;

/// <summary>
/// A test-only grpcfd sender, written from upstream's grpcfd (connwrap.go) and independent of the SDK's transport:
/// each queued descriptor is sent with sendmsg, one byte of the next write plus SCM_RIGHTS holding that one
/// descriptor, then the rest of the write goes out plainly. Reads are plain (received descriptors are not wanted).
/// </summary>
internal sealed partial class RawGrpcfdStream : Stream
{
    private readonly Queue<int> _pending = new();
    private Socket? _socket;

    private Socket Connected => _socket ?? throw new InvalidOperationException("not connected");

    /// <summary>Sets the connected socket (the channel's ConnectCallback).</summary>
    public void Attach(Socket socket) => _socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Opens a file and returns its inode://dev/ino URL (fstat, as grpcfd.FilenameToURL); the descriptor rides with the next write.</summary>
    public unsafe string QueueFile(string path)
    {
        var fd = Open(path, 0 /* O_RDONLY */);
        Assert.True(fd >= 0, $"open {path}: errno {Marshal.GetLastPInvokeError()}");
        var stat = stackalloc byte[256];
        Assert.Equal(0, FStat(fd, stat));
        var dev = *(ulong*)stat;        // st_dev (x86_64 and aarch64)
        var ino = *(ulong*)(stat + 8);  // st_ino
        lock (_pending)
        {
            _pending.Enqueue(fd);
        }

        return $"inode://{dev}/{ino}";
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (sent < buffer.Length)
        {
            int fd;
            lock (_pending)
            {
                if (!_pending.TryDequeue(out fd))
                {
                    break;
                }
            }

            SendOneByteWithRights(buffer.Span[sent], fd);
            _ = Close(fd);
            sent++;
        }

        while (sent < buffer.Length)
        {
            sent += await Connected.SendAsync(buffer[sent..], SocketFlags.None, cancellationToken);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Connected.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Connected.Receive(buffer, offset, count, SocketFlags.None);

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket?.Dispose();
            lock (_pending)
            {
                while (_pending.TryDequeue(out var fd))
                {
                    _ = Close(fd);
                }
            }
        }

        base.Dispose(disposing);
    }

    private unsafe void SendOneByteWithRights(byte b, int fd)
    {
        var control = stackalloc byte[24]; // CMSG_SPACE(4): cmsghdr (len, level, type) + one int, 8-aligned
        *(ulong*)control = 20;             // CMSG_LEN(4)
        *(int*)(control + 8) = 1;          // SOL_SOCKET
        *(int*)(control + 12) = 1;         // SCM_RIGHTS
        *(int*)(control + 16) = fd;
        var data = b;
        var iov = stackalloc nuint[2];
        iov[0] = (nuint)(&data);
        iov[1] = 1;
        var msg = stackalloc byte[56];     // struct msghdr
        new Span<byte>(msg, 56).Clear();
        *(nuint*)(msg + 16) = (nuint)iov;  // msg_iov
        *(nuint*)(msg + 24) = 1;           // msg_iovlen
        *(nuint*)(msg + 32) = (nuint)control;
        *(nuint*)(msg + 40) = 24;          // msg_controllen
        var n = SendMsg((int)Connected.Handle, msg, 0x4000 /* MSG_NOSIGNAL */);
        Assert.True(n == 1, $"sendmsg: {n}, errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static unsafe partial int FStat(int fd, byte* stat);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static unsafe partial nint SendMsg(int fd, byte* msg, int flags);
}
