using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Creates a sub-interface with explicit tags (<c>create_subif</c>).</summary>
public sealed class CreateSubif : IVppMessage<CreateSubif>
{
    /// <inheritdoc/>
    public static string MessageName => "create_subif";

    /// <inheritdoc/>
    public static string MessageCrc => "790ca755";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the parent interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets <c>sub_id</c>.</summary>
    public uint SubId { get; set; }

    /// <summary>Gets or sets the flags.</summary>
    public SubIfFlags SubIfFlags { get; set; }

    /// <summary>Gets or sets <c>outer_vlan_id</c>.</summary>
    public ushort OuterVlanId { get; set; }

    /// <summary>Gets or sets <c>inner_vlan_id</c>.</summary>
    public ushort InnerVlanId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32(SubId);
        writer.U32((uint)SubIfFlags);
        writer.U16(OuterVlanId);
        writer.U16(InnerVlanId);
    }

    /// <inheritdoc/>
    public static CreateSubif DecodeFields(ref VppReader reader)
    {
        var message = new CreateSubif();
        message.SwIfIndex = reader.U32();
        message.SubId = reader.U32();
        message.SubIfFlags = (SubIfFlags)reader.U32();
        message.OuterVlanId = reader.U16();
        message.InnerVlanId = reader.U16();
        return message;
    }
}
