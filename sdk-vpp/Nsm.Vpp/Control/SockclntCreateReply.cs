using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary>
/// <c>sockclnt_create_reply</c>: the handshake's answer, always id 16, with the client handle and VPP's message table.
/// Its header is <c>u16 _vl_msg_id, u32 client_index</c> (the shape of <see cref="VppMessageKind.Event"/>; VPP sends 0),
/// then <c>u32 context, i32 response, u32 index, u16 count</c> and <c>count</c> table entries.
/// </summary>
public sealed class SockclntCreateReply : IVppMessage<SockclntCreateReply>
{
    /// <summary>The fixed id of <c>sockclnt_create_reply</c>.</summary>
    public const ushort FixedId = 16;

    /// <inheritdoc/>
    public static string MessageName => "sockclnt_create_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "35166268";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Event;

    /// <summary>Gets the echoed context of the <see cref="SockclntCreate"/>.</summary>
    public uint Context { get; init; }

    /// <summary>Gets the result: 0 is success.</summary>
    public int Response { get; init; }

    /// <summary>Gets the client handle (bit 31 set) every later request carries as its <c>client_index</c>.</summary>
    public uint Index { get; init; }

    /// <summary>Gets VPP's message table: each entry's id and its <c>name_crc</c>.</summary>
    public IReadOnlyList<VppMessageTableEntry> MessageTable { get; init; } = [];

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(Context);
        writer.I32(Response);
        writer.U32(Index);
        writer.U16(checked((ushort)MessageTable.Count));
        foreach (var entry in MessageTable)
        {
            writer.U16(entry.Index);
            writer.FixedString(entry.NameCrc, 64);
        }
    }

    /// <inheritdoc/>
    public static SockclntCreateReply DecodeFields(ref VppReader reader)
    {
        var context = reader.U32();
        var response = reader.I32();
        var index = reader.U32();
        var count = reader.U16();
        if (count * 66 > reader.Remaining)
        {
            throw new VppDecodeException($"a message table of {count} entries does not fit the {reader.Remaining} bytes left");
        }

        var table = new VppMessageTableEntry[count];
        for (var i = 0; i < count; i++)
        {
            var id = reader.U16();
            table[i] = new VppMessageTableEntry(id, reader.FixedString(64));
        }

        return new SockclntCreateReply { Context = context, Response = response, Index = index, MessageTable = table };
    }
}
