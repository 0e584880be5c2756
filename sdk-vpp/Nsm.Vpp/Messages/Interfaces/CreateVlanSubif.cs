using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Creates a dot1q sub-interface (<c>create_vlan_subif</c>).</summary>
public sealed class CreateVlanSubif : IVppMessage<CreateVlanSubif>
{
    /// <inheritdoc/>
    public static string MessageName => "create_vlan_subif";

    /// <inheritdoc/>
    public static string MessageCrc => "af34ac8b";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the parent interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the VLAN id.</summary>
    public uint VlanId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32(VlanId);
    }

    /// <inheritdoc/>
    public static CreateVlanSubif DecodeFields(ref VppReader reader)
    {
        var message = new CreateVlanSubif();
        message.SwIfIndex = reader.U32();
        message.VlanId = reader.U32();
        return message;
    }
}
