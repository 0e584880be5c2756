using System.Buffers.Binary;
using System.Text;

namespace Nsm.Vpp.Codec;

/// <summary>Reads a VPP message body field by field; running past its end is a <see cref="VppDecodeException"/>.</summary>
public ref struct VppReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _offset;

    /// <summary>Initializes a reader over a body, at <paramref name="offset"/> (e.g. after the common header).</summary>
    /// <param name="body">The message body.</param>
    /// <param name="offset">Where to start.</param>
    public VppReader(ReadOnlySpan<byte> body, int offset = 0)
    {
        _body = body;
        _offset = offset;
    }

    /// <summary>Gets how many bytes are left.</summary>
    public readonly int Remaining => _body.Length - _offset;

    /// <summary>Gets the offset of the next field.</summary>
    public readonly int Offset => _offset;

    /// <summary>Reads a u8.</summary>
    /// <returns>The value.</returns>
    public byte U8() => Take(1)[0];

    /// <summary>Reads a bool (any non-zero byte is true).</summary>
    /// <returns>The value.</returns>
    public bool Bool() => U8() != 0;

    /// <summary>Reads a big-endian u16.</summary>
    /// <returns>The value.</returns>
    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    /// <summary>Reads a big-endian u32.</summary>
    /// <returns>The value.</returns>
    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>Reads a big-endian i32.</summary>
    /// <returns>The value.</returns>
    public int I32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads a big-endian u64.</summary>
    /// <returns>The value.</returns>
    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>Reads a big-endian IEEE-754 f64.</summary>
    /// <returns>The value.</returns>
    public double F64() => BitConverter.Int64BitsToDouble(unchecked((long)U64()));

    /// <summary>Reads <paramref name="size"/> raw bytes (a MAC, an address, a key).</summary>
    /// <param name="size">The field's size.</param>
    /// <returns>A copy of the bytes.</returns>
    public byte[] Bytes(int size) => Take(size).ToArray();

    /// <summary>Reads a fixed string <c>string f[N]</c>, cut at the first NUL.</summary>
    /// <param name="size">N.</param>
    /// <returns>The text.</returns>
    public string FixedString(int size)
    {
        var bytes = Take(size);
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>Reads a variable string <c>string f[]</c>: a big-endian u32 length, then that many bytes.</summary>
    /// <returns>The text.</returns>
    public string VariableString()
    {
        var length = U32();
        if (length > (uint)Remaining)
        {
            throw new VppDecodeException($"a string of {length} bytes at offset {_offset} runs past the body's {_body.Length} bytes");
        }

        return Encoding.UTF8.GetString(Take((int)length));
    }

    private ReadOnlySpan<byte> Take(int size)
    {
        if (size < 0 || size > Remaining)
        {
            throw new VppDecodeException($"a {size}-byte field at offset {_offset} runs past the body's {_body.Length} bytes");
        }

        var span = _body.Slice(_offset, size);
        _offset += size;
        return span;
    }
}
