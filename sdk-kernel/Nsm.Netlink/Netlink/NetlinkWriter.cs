using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// Builds one netlink request in a caller-provided buffer (usually stackalloc): header, fixed
/// family struct, then (nested) attributes. Nothing is allocated.
/// </summary>
internal ref struct NetlinkWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with <paramref name="flags"/> (NLM_F_REQUEST is added).</summary>
    public NetlinkWriter(Span<byte> buffer, ushort type, ushort flags)
    {
        _buffer = buffer;
        _buffer[..Nl.HeaderSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[6..], (ushort)(flags | Nl.NLM_F_REQUEST));
        _length = Nl.HeaderSize;
    }

    /// <summary>The message type.</summary>
    public readonly ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_buffer[4..]);

    /// <summary>Appends a fixed struct (ifinfomsg, rtmsg, ...).</summary>
    public void Struct<T>(in T value)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        Raw(bytes);
    }

    /// <summary>Appends an attribute with a raw payload.</summary>
    public void Attr(ushort type, scoped ReadOnlySpan<byte> payload)
    {
        var start = BeginAttr(type);
        Raw(payload);
        End(start);
    }

    /// <summary>Appends a u8 attribute.</summary>
    public void U8(ushort type, byte value) => Attr(type, new ReadOnlySpan<byte>(in value));

    /// <summary>Appends a host-order u16 attribute.</summary>
    public void U16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Attr(type, b);
    }

    /// <summary>Appends a network-order (big-endian) u16 attribute.</summary>
    public void U16BigEndian(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Attr(type, b);
    }

    /// <summary>Appends a host-order u32 attribute.</summary>
    public void U32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Attr(type, b);
    }

    /// <summary>Appends a NUL-terminated string attribute.</summary>
    public void String(ushort type, string value)
    {
        var start = BeginAttr(type);
        var n = Encoding.UTF8.GetBytes(value, _buffer[_length..]);
        _buffer[_length + n] = 0;
        _length += n + 1;
        End(start);
    }

    /// <summary>Appends an IPv4 or IPv6 address attribute (network order).</summary>
    public void Address(ushort type, IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var written);
        Attr(type, b[..written]);
    }

    /// <summary>Opens a nested attribute; close it with <see cref="End"/>.</summary>
    public int BeginAttr(ushort type)
    {
        _length = Nl.Align(_length);
        var start = _length;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[(start + 2)..], type);
        _length += Nl.AttrHeaderSize;
        return start;
    }

    /// <summary>Closes an attribute opened at <paramref name="start"/>, writing its length.</summary>
    public void End(int start)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[start..], (ushort)(_length - start));
        _length = Nl.Align(_length);
    }

    /// <summary>Sets the sequence number and length and returns the finished message.</summary>
    public readonly ReadOnlySpan<byte> Finish(uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[8..], sequence);
        return _buffer[.._length];
    }

    private void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }
}
