using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>The reply to <see cref="SwInterfaceSetTable"/>.</summary>
public sealed class SwInterfaceSetTableReply : IVppMessage<SwInterfaceSetTableReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_table_reply";

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
    public static SwInterfaceSetTableReply DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetTableReply();
        message.Retval = reader.I32();
        return message;
    }
}
