using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Tests.Support;

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
