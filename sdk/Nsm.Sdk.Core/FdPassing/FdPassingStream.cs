using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Core.FdPassing;

/// <summary>
/// A stream over a connected unix socket that speaks upstream's grpcfd: each queued descriptor rides, as SCM_RIGHTS,
/// on one byte of the next write (at most 64 per write); every read is a recvmsg whose descriptors go to
/// <see cref="Receiver"/>, kept by (dev, ino) until claimed or the stream is disposed. Put it under HTTP/2 (and TLS): the
/// descriptors travel beside the bytes, whatever the bytes are.
/// </summary>
public sealed class FdPassingStream : Stream, IFdSender
{
    private readonly Socket _socket;
    private readonly FdSendQueue _queue;
    private readonly bool _ownsQueue;
    private readonly FdBag _bag;
    private int _disposed;

    /// <summary>Wraps a connected unix stream socket; the stream owns it.</summary>
    /// <param name="socket">The socket.</param>
    public FdPassingStream(Socket socket)
        : this(socket, new FdSendQueue(), ownsQueue: true)
    {
    }

    internal FdPassingStream(Socket socket, FdSendQueue queue, bool ownsQueue)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            throw new ArgumentException("FD passing needs a unix socket", nameof(socket));
        }

        _socket = socket;
        _queue = queue;
        _ownsQueue = ownsQueue;
        _bag = new FdBag(ReadPeer(socket));
    }

    /// <summary>Gets the descriptors received so far (and the peer's credentials).</summary>
    public IFdReceiver Receiver => _bag;

    /// <summary>Gets a value indicating whether the stream was disposed (its connection is gone).</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Gets how many received descriptors nobody has claimed yet.</summary>
    public int ReceivedCount => _bag.Count;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public FdInode SendFile(string path) => _queue.SendFile(path);

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException && Volatile.Read(ref _disposed) == 1)
        {
            return 0; // closed under a pending read (an aborted connection): the end of the stream
        }
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException && Volatile.Read(ref _disposed) == 1)
        {
            throw new IOException("the connection is closed", ex);
        }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var fds = new List<int>();
        while (true)
        {
            var n = FdNative.Receive(_socket.SafeHandle, buffer.Span, fds, out var errno);
            if (fds.Count > 0)
            {
                _bag.Add(fds);
                fds.Clear();
            }

            if (n >= 0)
            {
                return n;
            }

            if (errno is not (FdNative.EAGAIN or FdNative.EINTR))
            {
                throw new IOException($"recvmsg failed (errno {errno})");
            }

            // Wait until readable without taking anything (a peek keeps any SCM_RIGHTS for the recvmsg above).
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty || !_queue.HasPending)
        {
            await SendAllAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        var fds = new int[FdNative.MaxFdsPerMessage];
        var count = _queue.TakeInto(fds.AsSpan(0, Math.Min(fds.Length, buffer.Length)));
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var n = FdNative.SendWithRights(_socket.SafeHandle, buffer.Span.Slice(i, 1), fds[i], out var errno);
                if (n == 1)
                {
                    break;
                }

                if (n < 0 && errno is not (FdNative.EAGAIN or FdNative.EINTR))
                {
                    _queue.Requeue(fds.AsSpan(i, count - i));
                    throw new IOException($"sendmsg with SCM_RIGHTS failed (errno {errno})");
                }

                await WaitWritableAsync(cancellationToken).ConfigureAwait(false);
            }

            _ = FdNative.Close(fds[i]);
        }

        await SendAllAsync(buffer[count..], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
            _bag.Dispose();
            if (_ownsQueue)
            {
                _queue.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static PeerCredentials? ReadPeer(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(1 /* SOL_SOCKET */, 17 /* SO_PEERCRED */, ucred) == 12
                ? new PeerCredentials(MemoryMarshal.Read<int>(ucred), MemoryMarshal.Read<uint>(ucred[4..]), MemoryMarshal.Read<uint>(ucred[8..]))
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> rest, CancellationToken cancellationToken)
    {
        while (!rest.IsEmpty)
        {
            var sent = await _socket.SendAsync(rest, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            rest = rest[sent..];
        }
    }

    private Task WaitWritableAsync(CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                while (!_socket.Poll(100_000, SelectMode.SelectWrite))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            },
            cancellationToken);
}
