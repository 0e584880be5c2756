using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Vxlan;

/// <summary>Lists VXLAN tunnels (<c>vxlan_tunnel_v2_dump</c>).</summary>
public sealed class VxlanTunnelV2Dump : IVppMessage<VxlanTunnelV2Dump>
{
    /// <inheritdoc/>
    public static string MessageName => "vxlan_tunnel_v2_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "f9e6675e";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the tunnel (default <c>~0</c> = all).</summary>
    public uint SwIfIndex { get; set; } = uint.MaxValue;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static VxlanTunnelV2Dump DecodeFields(ref VppReader reader)
    {
        var message = new VxlanTunnelV2Dump();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
