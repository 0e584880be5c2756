using System.Buffers;
using System.Buffers.Binary;
using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Called for each message of a dump with the message type and the bytes after the netlink header.</summary>
internal delegate void NetlinkMessageHandler<in TState>(ushort type, ReadOnlySpan<byte> payload, TState state);

/// <summary>
/// A NETLINK_ROUTE socket (or another netlink family's, e.g. NETLINK_NETFILTER): synchronous request/ack and request/dump round trips. The socket lives in the
/// network namespace of the thread that created it. Not thread-safe; <see cref="NetlinkHandle"/> serializes calls.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private int _fd;
    private uint _sequence;
    private byte[]? _buffer;

    private NetlinkSocket(int fd)
    {
        _fd = fd;
        _sequence = (uint)Environment.TickCount;
        _buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
    }

    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    /// <param name="receiveTimeout">How long a receive may block before the request is reported as timed out.</param>
    /// <param name="protocol">The netlink family (default NETLINK_ROUTE).</param>
    public static NetlinkSocket Open(TimeSpan receiveTimeout, int protocol = LibC.NETLINK_ROUTE)
    {
        var fd = LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw new NetlinkException("socket", "AF_NETLINK", LibC.LastErrno);
        }

        try
        {
            Span<byte> addr = stackalloc byte[12];
            addr.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(addr, LibC.AF_NETLINK);
            fixed (byte* p = addr)
            {
                Check(LibC.Bind(fd, p, addr.Length), "bind");
            }

            int one = 1;
            int bufSize = 1 << 20;
            Check(LibC.SetSockOpt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, &one, sizeof(int)), "setsockopt NETLINK_EXT_ACK");
            Check(LibC.SetSockOpt(fd, LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, &one, sizeof(int)), "setsockopt NETLINK_CAP_ACK");
            _ = LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &bufSize, sizeof(int));
            long* tv = stackalloc long[2];
            tv[0] = (long)receiveTimeout.TotalSeconds;
            tv[1] = receiveTimeout.Milliseconds * 1000L;
            Check(LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, 2 * sizeof(long)), "setsockopt SO_RCVTIMEO");
            return new NetlinkSocket(fd);
        }
        catch
        {
            _ = LibC.Close(fd);
            throw;
        }

        static void Check(int rc, string what)
        {
            if (rc < 0)
            {
                throw new NetlinkException(what, "AF_NETLINK", LibC.LastErrno);
            }
        }
    }

    /// <summary>Sends a request (with NLM_F_ACK) and waits for the kernel's ack; a kernel error becomes a <see cref="NetlinkException"/>.</summary>
    public void Execute(ref NetlinkWriter request, string operation, string target) =>
        Transact<object?>(ref request, operation, target, null, null);

    /// <summary>Sends a get (with NLM_F_ACK) or dump request and calls <paramref name="handler"/> for every answer message.</summary>
    public void Query<TState>(ref NetlinkWriter request, string operation, string target, TState state, NetlinkMessageHandler<TState> handler) =>
        Transact(ref request, operation, target, state, handler);

    /// <inheritdoc/>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = LibC.Close(fd);
        }

        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Transact<TState>(ref NetlinkWriter request, string operation, string target, TState state, NetlinkMessageHandler<TState>? handler)
    {
        ObjectDisposedException.ThrowIf(_fd < 0 || _buffer is null, this);
        var seq = ++_sequence;
        var bytes = request.Finish(seq);
        fixed (byte* p = bytes)
        {
            var sent = LibC.Send(_fd, p, (nuint)bytes.Length, 0);
            if (sent < 0)
            {
                throw new NetlinkException(operation, target, LibC.LastErrno);
            }
        }

        while (true)
        {
            var received = Receive(operation, target);
            if (Process(_buffer.AsSpan(0, received), seq, operation, target, state, handler))
            {
                return;
            }
        }
    }

    private int Receive(string operation, string target)
    {
        fixed (byte* p = _buffer)
        {
            while (true)
            {
                var n = LibC.Recv(_fd, p, (nuint)_buffer!.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = LibC.LastErrno;
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(operation + " (waiting for the kernel's answer)", target, errno);
                }
            }
        }
    }

    /// <summary>Handles one datagram; true when the transaction is complete.</summary>
    private static bool Process<TState>(ReadOnlySpan<byte> data, uint seq, string operation, string target, TState state, NetlinkMessageHandler<TState>? handler)
    {
        while (data.Length >= Nl.HeaderSize)
        {
            var len = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (len < Nl.HeaderSize || len > data.Length)
            {
                throw new NetlinkException($"{operation} {target}: malformed netlink message (length {len})");
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
            var msgSeq = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            var payload = data[Nl.HeaderSize..len];
            data = data[Math.Min(Nl.Align(len), data.Length)..];
            if (msgSeq != seq)
            {
                continue; // a late answer to an earlier, timed-out request
            }

            switch (type)
            {
                case Nl.NLMSG_ERROR:
                    var error = -BinaryPrimitives.ReadInt32LittleEndian(payload);
                    if (error != 0)
                    {
                        throw new NetlinkException(operation, target, error, ExtAck.Message(payload, flags));
                    }

                    return true;
                case Nl.NLMSG_DONE:
                    if (payload.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(payload) is < 0 and var done)
                    {
                        throw new NetlinkException(operation, target, -done, ExtAck.Message(payload, flags));
                    }

                    return true;
                case Nl.NLMSG_NOOP:
                    continue;
                default:
                    handler?.Invoke(type, payload, state);
                    break;
            }
        }

        return false;
    }
}
