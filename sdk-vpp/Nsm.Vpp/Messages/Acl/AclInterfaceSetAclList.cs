using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>Replaces an interface's ACLs (<c>acl_interface_set_acl_list</c>): the first <c>n_input</c> are ingress, the rest egress.</summary>
public sealed class AclInterfaceSetAclList : IVppMessage<AclInterfaceSetAclList>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_interface_set_acl_list";

    /// <inheritdoc/>
    public static string MessageCrc => "473982bd";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets how many of <see cref="Acls"/> (the first ones) are ingress.</summary>
    public byte NInput { get; set; }

    /// <summary>Gets or sets the ACL indexes (<c>count</c> is written from the count; none detaches all).</summary>
    public IReadOnlyList<uint> Acls { get; set; } = [];

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U8(Wire.CountU8(Acls.Count, nameof(Acls)));
        writer.U8(NInput);
        foreach (var item in Acls)
        {
            writer.U32(item);
        }
    }

    /// <inheritdoc/>
    public static AclInterfaceSetAclList DecodeFields(ref VppReader reader)
    {
        var message = new AclInterfaceSetAclList();
        message.SwIfIndex = reader.U32();
        var count = reader.U8();
        message.NInput = reader.U8();
        message.Acls = Wire.ReadList(ref reader, count, 4, static (ref VppReader r) => r.U32());
        return message;
    }
}
