using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Tests.Support;

/// <summary>af_packet_dump_51077d14 (test-only copy: a short details message to test dumps with).</summary>
public sealed class AfPacketDump : IVppMessage<AfPacketDump>
{
    public static string MessageName => "af_packet_dump";

    public static string MessageCrc => "51077d14";

    public static VppMessageKind Kind => VppMessageKind.Request;

    public void EncodeFields(VppWriter writer)
    {
    }

    public static AfPacketDump DecodeFields(ref VppReader reader) => new();
}

/// <summary>af_packet_details_58c7c042: u32 sw_if_index, string host_if_name[64].</summary>
public sealed class AfPacketDetails : IVppMessage<AfPacketDetails>
{
    public static string MessageName => "af_packet_details";

    public static string MessageCrc => "58c7c042";

    public static VppMessageKind Kind => VppMessageKind.Reply;

    public uint SwIfIndex { get; init; }

    public string HostIfName { get; init; } = "";

    public void EncodeFields(VppWriter writer)
    {
        writer.U32(SwIfIndex);
        writer.FixedString(HostIfName, 64);
    }

    public static AfPacketDetails DecodeFields(ref VppReader reader) =>
        new() { SwIfIndex = reader.U32(), HostIfName = reader.FixedString(64) };
}

/// <summary>
/// sw_interface_add_del_address_5463d73b cut to 20 of its 34 bytes (the reference's §4.2 negative test): sw_if_index,
/// is_add, del_all and the first 4 bytes of the prefix only. VPP drops it without a reply.
/// </summary>
public sealed class TruncatedAddDelAddress : IVppMessage<TruncatedAddDelAddress>
{
    public static string MessageName => "sw_interface_add_del_address";

    public static string MessageCrc => "5463d73b";

    public static VppMessageKind Kind => VppMessageKind.Request;

    public void EncodeFields(VppWriter writer)
    {
        writer.U32(1);
        writer.Bool(true);
        writer.Bool(false);
        writer.Bytes([0x00, 0x0a, 0x4d, 0x00], 4);
    }

    public static TruncatedAddDelAddress DecodeFields(ref VppReader reader) => new();
}

/// <summary>sw_interface_add_del_address_reply_e8d4e804: retval.</summary>
public sealed class AddDelAddressReply : IVppMessage<AddDelAddressReply>
{
    public static string MessageName => "sw_interface_add_del_address_reply";

    public static string MessageCrc => "e8d4e804";

    public static VppMessageKind Kind => VppMessageKind.Reply;

    public int Retval { get; init; }

    public void EncodeFields(VppWriter writer) => writer.I32(Retval);

    public static AddDelAddressReply DecodeFields(ref VppReader reader) => new() { Retval = reader.I32() };
}
