using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.AfPacket;

/// <summary>The reply to <see cref="AfPacketCreateV3"/>.</summary>
public sealed class AfPacketCreateV3Reply : IVppMessage<AfPacketCreateV3Reply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "af_packet_create_v3_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "5383d31f";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the interface created (or deleted).</summary>
    public uint SwIfIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static AfPacketCreateV3Reply DecodeFields(ref VppReader reader)
    {
        var message = new AfPacketCreateV3Reply();
        message.Retval = reader.I32();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
