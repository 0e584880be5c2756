using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>The reply to <see cref="SwInterfaceSetMtu"/>.</summary>
public sealed class SwInterfaceSetMtuReply : IVppMessage<SwInterfaceSetMtuReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_mtu_reply";

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
    public static SwInterfaceSetMtuReply DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetMtuReply();
        message.Retval = reader.I32();
        return message;
    }
}
