using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>The reply to <see cref="SwInterfaceGetTable"/>.</summary>
public sealed class SwInterfaceGetTableReply : IVppMessage<SwInterfaceGetTableReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_get_table_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "a6eb0109";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the table id.</summary>
    public uint VrfId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(VrfId);
    }

    /// <inheritdoc/>
    public static SwInterfaceGetTableReply DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceGetTableReply();
        message.Retval = reader.I32();
        message.VrfId = reader.U32();
        return message;
    }
}
