using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Vxlan;

/// <summary>A VXLAN tunnel (<c>vxlan_tunnel_v2_details</c>).</summary>
public sealed class VxlanTunnelV2Details : IVppMessage<VxlanTunnelV2Details>
{
    /// <inheritdoc/>
    public static string MessageName => "vxlan_tunnel_v2_details";

    /// <inheritdoc/>
    public static string MessageCrc => "d3bdd4d9";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets <c>instance</c>.</summary>
    public uint Instance { get; set; }

    /// <summary>Gets or sets the local address.</summary>
    public VppAddress SrcAddress { get; set; }

    /// <summary>Gets or sets the remote address.</summary>
    public VppAddress DstAddress { get; set; }

    /// <summary>Gets or sets <c>src_port</c>.</summary>
    public ushort SrcPort { get; set; }

    /// <summary>Gets or sets <c>dst_port</c>.</summary>
    public ushort DstPort { get; set; }

    /// <summary>Gets or sets <c>mcast_sw_if_index</c>.</summary>
    public uint McastSwIfIndex { get; set; }

    /// <summary>Gets or sets <c>encap_vrf_id</c>.</summary>
    public uint EncapVrfId { get; set; }

    /// <summary>Gets or sets <c>decap_next_index</c>.</summary>
    public uint DecapNextIndex { get; set; }

    /// <summary>Gets or sets the VNI.</summary>
    public uint Vni { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32(Instance);
        SrcAddress.Write(writer);
        DstAddress.Write(writer);
        writer.U16(SrcPort);
        writer.U16(DstPort);
        writer.U32(McastSwIfIndex);
        writer.U32(EncapVrfId);
        writer.U32(DecapNextIndex);
        writer.U32(Vni);
    }

    /// <inheritdoc/>
    public static VxlanTunnelV2Details DecodeFields(ref VppReader reader)
    {
        var message = new VxlanTunnelV2Details();
        message.SwIfIndex = reader.U32();
        message.Instance = reader.U32();
        message.SrcAddress = VppAddress.Read(ref reader);
        message.DstAddress = VppAddress.Read(ref reader);
        message.SrcPort = reader.U16();
        message.DstPort = reader.U16();
        message.McastSwIfIndex = reader.U32();
        message.EncapVrfId = reader.U32();
        message.DecapNextIndex = reader.U32();
        message.Vni = reader.U32();
        return message;
    }
}
