using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>Lists ACLs (<c>acl_dump</c>).</summary>
public sealed class AclDump : IVppMessage<AclDump>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "ef34fea4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the ACL (default <c>~0</c> = all).</summary>
    public uint AclIndex { get; set; } = uint.MaxValue;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(AclIndex);
    }

    /// <inheritdoc/>
    public static AclDump DecodeFields(ref VppReader reader)
    {
        var message = new AclDump();
        message.AclIndex = reader.U32();
        return message;
    }
}
