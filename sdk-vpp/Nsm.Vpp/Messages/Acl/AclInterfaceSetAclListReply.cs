using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>The reply to <see cref="AclInterfaceSetAclList"/>.</summary>
public sealed class AclInterfaceSetAclListReply : IVppMessage<AclInterfaceSetAclListReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "acl_interface_set_acl_list_reply";

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
    public static AclInterfaceSetAclListReply DecodeFields(ref VppReader reader)
    {
        var message = new AclInterfaceSetAclListReply();
        message.Retval = reader.I32();
        return message;
    }
}
