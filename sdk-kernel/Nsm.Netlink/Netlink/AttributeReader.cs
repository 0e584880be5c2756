using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Walks the rtattr list of a message (or of a nested attribute) without allocating.</summary>
internal ref struct AttributeReader
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Reads attributes from <paramref name="attributes"/> (the bytes after the fixed struct).</summary>
    public AttributeReader(ReadOnlySpan<byte> attributes) => _rest = attributes;

    /// <summary>The type of the current attribute (the nested flag bit removed).</summary>
    public ushort Type { get; private set; }

    /// <summary>The payload of the current attribute.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Moves to the next attribute; false at the end or on a malformed length.</summary>
    public bool Next()
    {
        if (_rest.Length < Nl.AttrHeaderSize)
        {
            return false;
        }

        var len = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (len < Nl.AttrHeaderSize || len > _rest.Length)
        {
            return false;
        }

        Type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & 0x3FFF);
        Value = _rest[Nl.AttrHeaderSize..len];
        _rest = _rest[Math.Min(Nl.Align(len), _rest.Length)..];
        return true;
    }

    /// <summary>The payload as a host-order u32.</summary>
    public readonly uint U32 => Value.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Value) : 0;

    /// <summary>The payload as a u8.</summary>
    public readonly byte U8 => Value.Length >= 1 ? Value[0] : (byte)0;

    /// <summary>The payload as a NUL-terminated string.</summary>
    public readonly string String
    {
        get
        {
            var v = Value;
            var nul = v.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? v[..nul] : v);
        }
    }

    /// <summary>The payload as an IP address (4 or 16 bytes), or null.</summary>
    public readonly IPAddress? Address => Value.Length is 4 or 16 ? new IPAddress(Value) : null;

    /// <summary>A reader over the payload, for nested attributes.</summary>
    public readonly AttributeReader Nested => new(Value);
}
