using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>The reply to <see cref="AclAddReplace"/> (<c>acl_index</c> comes before <c>retval</c>).</summary>
public sealed class AclAddReplaceReply : IVppMessage<AclAddReplaceReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "acl_add_replace_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "ac407b0c";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the ACL's index.</summary>
    public uint AclIndex { get; set; }

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(AclIndex);
        writer.I32(Retval);
    }

    /// <inheritdoc/>
    public static AclAddReplaceReply DecodeFields(ref VppReader reader)
    {
        var message = new AclAddReplaceReply();
        message.AclIndex = reader.U32();
        message.Retval = reader.I32();
        return message;
    }
}
