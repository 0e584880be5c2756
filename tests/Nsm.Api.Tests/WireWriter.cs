using System.Text;

namespace Nsm.Api.Tests;

/// <summary>
/// A deliberately tiny, hand-rolled protobuf encoder used to produce the expected bytes.
/// It does not use Google.Protobuf, so a wrong field number or wire type in the generated
/// code cannot also appear in the expectation.
/// </summary>
internal sealed class WireWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;

    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    private WireWriter Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private WireWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    private WireWriter RawBytes(int field, byte[] payload)
    {
        Tag(field, LengthDelimited).RawVarint((ulong)payload.Length);
        _bytes.AddRange(payload);
        return this;
    }

    /// <summary>Unsigned varint field (uint32, uint64, bool, enum).</summary>
    public WireWriter UInt(int field, ulong value) => Tag(field, Varint).RawVarint(value);

    /// <summary>int32 field: negative values are sign-extended to 10 bytes.</summary>
    public WireWriter Int32(int field, int value) => Tag(field, Varint).RawVarint((ulong)(long)value);

    public WireWriter Int64(int field, long value) => Tag(field, Varint).RawVarint((ulong)value);

    public WireWriter Bool(int field, bool value) => UInt(field, value ? 1UL : 0UL);

    public WireWriter Enum(int field, int value) => Int32(field, value);

    public WireWriter String(int field, string value) => RawBytes(field, Encoding.UTF8.GetBytes(value));

    public WireWriter Bytes(int field, params byte[] value) => RawBytes(field, value);

    public WireWriter Message(int field, WireWriter inner) => RawBytes(field, inner.ToArray());

    public WireWriter Message(int field, Action<WireWriter> build)
    {
        var inner = new WireWriter();
        build(inner);
        return Message(field, inner);
    }

    /// <summary>One map&lt;string,string&gt; entry: nested message with key = 1, value = 2.</summary>
    public WireWriter MapEntry(int field, string key, string value) =>
        Message(field, e => e.String(1, key).String(2, value));

    /// <summary>One map&lt;string,Message&gt; entry.</summary>
    public WireWriter MapEntry(int field, string key, Action<WireWriter> value) =>
        Message(field, e => e.String(1, key).Message(2, value));

    /// <summary>google.protobuf.Timestamp: int64 seconds = 1, int32 nanos = 2.</summary>
    public WireWriter Timestamp(int field, long seconds, int nanos) =>
        Message(field, t => t.Int64(1, seconds).Int32(2, nanos));
}
