using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.AfPacket;

/// <summary>An AF_PACKET interface (<c>af_packet_details</c>).</summary>
public sealed class AfPacketDetails : IVppMessage<AfPacketDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "af_packet_details";

    /// <inheritdoc/>
    public static string MessageCrc => "58c7c042";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the Linux interface's name.</summary>
    public string HostIfName { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.FixedString(HostIfName, 64);
    }

    /// <inheritdoc/>
    public static AfPacketDetails DecodeFields(ref VppReader reader)
    {
        var message = new AfPacketDetails();
        message.SwIfIndex = reader.U32();
        message.HostIfName = reader.FixedString(64);
        return message;
    }
}
