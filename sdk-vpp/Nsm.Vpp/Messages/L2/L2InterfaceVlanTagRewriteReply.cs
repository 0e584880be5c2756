using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>The reply to <see cref="L2InterfaceVlanTagRewrite"/>.</summary>
public sealed class L2InterfaceVlanTagRewriteReply : IVppMessage<L2InterfaceVlanTagRewriteReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "l2_interface_vlan_tag_rewrite_reply";

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
    public static L2InterfaceVlanTagRewriteReply DecodeFields(ref VppReader reader)
    {
        var message = new L2InterfaceVlanTagRewriteReply();
        message.Retval = reader.I32();
        return message;
    }
}
