using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.AfPacket;

/// <summary>Deletes an AF_PACKET interface by its host name (<c>af_packet_delete</c>).</summary>
public sealed class AfPacketDelete : IVppMessage<AfPacketDelete>
{
    /// <inheritdoc/>
    public static string MessageName => "af_packet_delete";

    /// <inheritdoc/>
    public static string MessageCrc => "863fa648";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the Linux interface's name, without <c>host-</c>.</summary>
    public string HostIfName { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.FixedString(HostIfName, 64);
    }

    /// <inheritdoc/>
    public static AfPacketDelete DecodeFields(ref VppReader reader)
    {
        var message = new AfPacketDelete();
        message.HostIfName = reader.FixedString(64);
        return message;
    }
}
