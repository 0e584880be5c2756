using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>Deletes an ACL (<c>acl_del</c>; detach it first).</summary>
public sealed class AclDel : IVppMessage<AclDel>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_del";

    /// <inheritdoc/>
    public static string MessageCrc => "ef34fea4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the ACL.</summary>
    public uint AclIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(AclIndex);
    }

    /// <inheritdoc/>
    public static AclDel DecodeFields(ref VppReader reader)
    {
        var message = new AclDel();
        message.AclIndex = reader.U32();
        return message;
    }
}
