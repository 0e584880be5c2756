using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>The reply to <see cref="BridgeDomainAddDelV2"/>.</summary>
public sealed class BridgeDomainAddDelV2Reply : IVppMessage<BridgeDomainAddDelV2Reply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "bridge_domain_add_del_v2_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "fcb1e980";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the (allocated) bridge domain; opaque.</summary>
    public uint BdId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(BdId);
    }

    /// <inheritdoc/>
    public static BridgeDomainAddDelV2Reply DecodeFields(ref VppReader reader)
    {
        var message = new BridgeDomainAddDelV2Reply();
        message.Retval = reader.I32();
        message.BdId = reader.U32();
        return message;
    }
}
