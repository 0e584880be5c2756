using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>The reply to <see cref="SwInterfaceSetL2Bridge"/>.</summary>
public sealed class SwInterfaceSetL2BridgeReply : IVppMessage<SwInterfaceSetL2BridgeReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_l2_bridge_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "e8d4e804";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetL2BridgeReply DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetL2BridgeReply();
        message.Retval = reader.I32();
        return message;
    }
}
