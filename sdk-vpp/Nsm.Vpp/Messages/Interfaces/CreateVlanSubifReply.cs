using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>The reply to <see cref="CreateVlanSubif"/>.</summary>
public sealed class CreateVlanSubifReply : IVppMessage<CreateVlanSubifReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "create_vlan_subif_reply";

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
    public static CreateVlanSubifReply DecodeFields(ref VppReader reader)
    {
        var message = new CreateVlanSubifReply();
        message.Retval = reader.I32();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
