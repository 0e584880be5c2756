using System.Buffers.Binary;
using System.Net.Sockets;

namespace Nsm.Vpp;

/// <summary>
/// The socket framing of VPP's API (both directions): a 16-byte header <c>u64 q, u32 data_len (big-endian, body only),
/// u32 gc_mark_timestamp</c>, then the body. Clients send <c>q</c> 0; the reader ignores <c>q</c> and the timestamp.
/// </summary>
public static class VppFraming
{
    /// <summary>The header size.</summary>
    public const int HeaderSize = 16;

    /// <summary>The largest body accepted (a sanity bound; the handshake reply alone is tens or hundreds of KB).</summary>
    public const int MaxBodySize = 64 * 1024 * 1024;

    /// <summary>Builds a frame: the header, then the body, in one array (to be written at once).</summary>
    /// <param name="body">The message body.</param>
    /// <param name="q">The header's <c>q</c> value (0 from clients).</param>
    /// <returns>The frame.</returns>
    public static byte[] Frame(ReadOnlySpan<byte> body, ulong q = 0)
    {
        var frame = new byte[HeaderSize + body.Length];
        BinaryPrimitives.WriteUInt64BigEndian(frame, q);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), (uint)body.Length);
        body.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Reads one frame's header and body.</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The header and body, or <see langword="null"/> at a clean end of stream before a header.</returns>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    /// <exception cref="InvalidDataException">The header announces a body larger than <see cref="MaxBodySize"/>.</exception>
    public static async Task<(byte[] Header, byte[] Body)?> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var header = new byte[HeaderSize];
        if (!await ReadExactlyAsync(socket, header, atStart: true, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        if (length > MaxBodySize)
        {
            throw new InvalidDataException($"a frame announces a {length}-byte body, more than the {MaxBodySize} accepted");
        }

        var body = new byte[length];
        await ReadExactlyAsync(socket, body, atStart: false, cancellationToken);
        return (header, body);
    }

    /// <summary>Writes a whole buffer.</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="frame">The bytes.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>When all bytes are written.</returns>
    public static async Task WriteAsync(Socket socket, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        while (!frame.IsEmpty)
        {
            var sent = await socket.SendAsync(frame, SocketFlags.None, cancellationToken);
            frame = frame[sent..];
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, bool atStart, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                if (atStart && read == 0)
                {
                    return false;
                }

                throw new EndOfStreamException($"the stream ended after {read} of {buffer.Length} bytes of a frame");
            }

            read += n;
        }

        return true;
    }
}
