using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Vxlan;

/// <summary>Adds or deletes a VXLAN tunnel (<c>vxlan_add_del_tunnel_v3</c>).</summary>
public sealed class VxlanAddDelTunnelV3 : IVppMessage<VxlanAddDelTunnelV3>
{
    /// <inheritdoc/>
    public static string MessageName => "vxlan_add_del_tunnel_v3";

    /// <inheritdoc/>
    public static string MessageCrc => "0072b037";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets the instance (<c>~0</c>, the default, = auto).</summary>
    public uint Instance { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the local address.</summary>
    public VppAddress SrcAddress { get; set; }

    /// <summary>Gets or sets the remote address.</summary>
    public VppAddress DstAddress { get; set; }

    /// <summary>Gets or sets the source UDP port (0 = 4789).</summary>
    public ushort SrcPort { get; set; }

    /// <summary>Gets or sets the destination UDP port (0 = 4789).</summary>
    public ushort DstPort { get; set; }

    /// <summary>Gets or sets the multicast interface (default <c>~0</c> = none).</summary>
    public uint McastSwIfIndex { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the VRF of the underlay.</summary>
    public uint EncapVrfId { get; set; }

    /// <summary>Gets or sets the decap next node (default <c>~0</c> = l2-input).</summary>
    public uint DecapNextIndex { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the VNI (24 bits).</summary>
    public uint Vni { get; set; }

    /// <summary>Gets or sets whether the tunnel carries L3 (default false: L2).</summary>
    public bool IsL3 { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        writer.U32(Instance);
        SrcAddress.Write(writer);
        DstAddress.Write(writer);
        writer.U16(SrcPort);
        writer.U16(DstPort);
        writer.U32(McastSwIfIndex);
        writer.U32(EncapVrfId);
        writer.U32(DecapNextIndex);
        writer.U32(Vni);
        writer.Bool(IsL3);
    }

    /// <inheritdoc/>
    public static VxlanAddDelTunnelV3 DecodeFields(ref VppReader reader)
    {
        var message = new VxlanAddDelTunnelV3();
        message.IsAdd = reader.Bool();
        message.Instance = reader.U32();
        message.SrcAddress = VppAddress.Read(ref reader);
        message.DstAddress = VppAddress.Read(ref reader);
        message.SrcPort = reader.U16();
        message.DstPort = reader.U16();
        message.McastSwIfIndex = reader.U32();
        message.EncapVrfId = reader.U32();
        message.DecapNextIndex = reader.U32();
        message.Vni = reader.U32();
        message.IsL3 = reader.Bool();
        return message;
    }
}
