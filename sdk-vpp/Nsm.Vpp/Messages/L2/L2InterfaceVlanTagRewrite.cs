using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>Sets an interface's VLAN tag rewrite (<c>l2_interface_vlan_tag_rewrite</c>).</summary>
public sealed class L2InterfaceVlanTagRewrite : IVppMessage<L2InterfaceVlanTagRewrite>
{
    /// <inheritdoc/>
    public static string MessageName => "l2_interface_vlan_tag_rewrite";

    /// <inheritdoc/>
    public static string MessageCrc => "62cc0bbc";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the operation: 0 disable, 1 push-1, 2 push-2, 3 pop-1, 4 pop-2, 5–8 translate.</summary>
    public uint VtrOp { get; set; }

    /// <summary>Gets or sets 1 for 0x8100, 0 for 802.1ad.</summary>
    public uint PushDot1q { get; set; }

    /// <summary>Gets or sets <c>tag1</c>.</summary>
    public uint Tag1 { get; set; }

    /// <summary>Gets or sets <c>tag2</c>.</summary>
    public uint Tag2 { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32(VtrOp);
        writer.U32(PushDot1q);
        writer.U32(Tag1);
        writer.U32(Tag2);
    }

    /// <inheritdoc/>
    public static L2InterfaceVlanTagRewrite DecodeFields(ref VppReader reader)
    {
        var message = new L2InterfaceVlanTagRewrite();
        message.SwIfIndex = reader.U32();
        message.VtrOp = reader.U32();
        message.PushDot1q = reader.U32();
        message.Tag1 = reader.U32();
        message.Tag2 = reader.U32();
        return message;
    }
}
