using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>Lists interfaces' ACL bindings (<c>acl_interface_list_dump</c>).</summary>
public sealed class AclInterfaceListDump : IVppMessage<AclInterfaceListDump>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_interface_list_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "f9e6675e";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface (default <c>~0</c> = all).</summary>
    public uint SwIfIndex { get; set; } = uint.MaxValue;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static AclInterfaceListDump DecodeFields(ref VppReader reader)
    {
        var message = new AclInterfaceListDump();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
