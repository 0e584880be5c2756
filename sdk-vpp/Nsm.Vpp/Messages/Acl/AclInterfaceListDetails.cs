using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>An interface's ACL bindings (<c>acl_interface_list_details</c>).</summary>
public sealed class AclInterfaceListDetails : IVppMessage<AclInterfaceListDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_interface_list_details";

    /// <inheritdoc/>
    public static string MessageCrc => "e695d256";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets how many of <see cref="Acls"/> are ingress.</summary>
    public byte NInput { get; set; }

    /// <summary>Gets or sets the ACL indexes.</summary>
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
    public static AclInterfaceListDetails DecodeFields(ref VppReader reader)
    {
        var message = new AclInterfaceListDetails();
        message.SwIfIndex = reader.U32();
        var count = reader.U8();
        message.NInput = reader.U8();
        message.Acls = Wire.ReadList(ref reader, count, 4, static (ref VppReader r) => r.U32());
        return message;
    }
}
