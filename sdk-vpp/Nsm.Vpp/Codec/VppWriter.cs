using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nsm.Vpp.Codec;

/// <summary>Writes a VPP message body: packed fields, big-endian scalars, NUL-padded fixed strings, length-prefixed variable strings.</summary>
public sealed class VppWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Gets how many bytes were written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Writes a u8.</summary>
    /// <param name="value">The value.</param>
    public void U8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>Writes a bool (one byte, 0 or 1).</summary>
    /// <param name="value">The value.</param>
    public void Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    /// <summary>Writes a big-endian u16.</summary>
    /// <param name="value">The value.</param>
    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    /// <summary>Writes a big-endian u32.</summary>
    /// <param name="value">The value.</param>
    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a big-endian i32.</summary>
    /// <param name="value">The value.</param>
    public void I32(int value) => U32(unchecked((uint)value));

    /// <summary>Writes a big-endian u64.</summary>
    /// <param name="value">The value.</param>
    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a big-endian IEEE-754 f64.</summary>
    /// <param name="value">The value.</param>
    public void F64(double value) => U64(unchecked((ulong)BitConverter.DoubleToInt64Bits(value)));

    /// <summary>Writes raw bytes (a MAC, an address, a key), exactly <paramref name="size"/> of them: shorter input is zero-padded.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="size">The field's size.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is longer than the field.</exception>
    public void Bytes(ReadOnlySpan<byte> bytes, int size)
    {
        if (bytes.Length > size)
        {
            throw new ArgumentException($"{bytes.Length} bytes do not fit a {size}-byte field", nameof(bytes));
        }

        var span = _buffer.GetSpan(size)[..size];
        span.Clear();
        bytes.CopyTo(span);
        _buffer.Advance(size);
    }

    /// <summary>Writes a fixed string <c>string f[N]</c>: UTF-8, NUL-padded to <paramref name="size"/> bytes, at most N−1 of them text.</summary>
    /// <param name="value">The text.</param>
    /// <param name="size">N.</param>
    /// <exception cref="ArgumentException">The text needs more than N−1 bytes.</exception>
    public void FixedString(string value, int size)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > size - 1)
        {
            throw new ArgumentException($"'{value}' is longer than the {size - 1} bytes the field holds", nameof(value));
        }

        Bytes(bytes, size);
    }

    /// <summary>Writes a variable string <c>string f[]</c>: a big-endian u32 byte length, then the UTF-8 bytes, no NUL.</summary>
    /// <param name="value">The text.</param>
    public void VariableString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        U32((uint)bytes.Length);
        Bytes(bytes, bytes.Length);
    }
}
