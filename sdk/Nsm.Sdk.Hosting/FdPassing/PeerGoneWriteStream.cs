using System.Net.Sockets;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>
/// The write side of a served unix-socket connection, as Kestrel's socket transport behaves: a write to a peer that
/// hung up (EPIPE, ECONNRESET) ends the connection quietly instead of throwing into Kestrel, which logs every flush
/// failure as an error (a client that leaves right after its last call would otherwise log a stack trace per
/// connection, e.g. the TLS probe of a SPIFFE client).
/// </summary>
internal sealed class PeerGoneWriteStream(Stream inner, Action peerGone) : Stream
{
    private volatile bool _gone;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_gone)
        {
            return;
        }

        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsPeerGone(e))
        {
            _gone = true;
            peerGone();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("writes are asynchronous");

    public override Task FlushAsync(CancellationToken cancellationToken) => _gone ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static bool IsPeerGone(Exception e) => (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode
        is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted;
}
