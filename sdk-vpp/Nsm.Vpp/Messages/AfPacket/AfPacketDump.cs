using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.AfPacket;

/// <summary>Lists AF_PACKET interfaces (<c>af_packet_dump</c>).</summary>
public sealed class AfPacketDump : IVppMessage<AfPacketDump>
{
    /// <inheritdoc/>
    public static string MessageName => "af_packet_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "51077d14";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);

    }

    /// <inheritdoc/>
    public static AfPacketDump DecodeFields(ref VppReader reader)
    {
        var message = new AfPacketDump();

        return message;
    }
}
