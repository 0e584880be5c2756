using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Lists WireGuard peers (<c>wireguard_peers_v2_dump</c>; in progress in VPP 26.10).</summary>
public sealed class WireguardPeersV2Dump : IVppMessage<WireguardPeersV2Dump>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peers_v2_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "3b74607a";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the peer (default <c>~0</c> = all).</summary>
    public uint PeerIndex { get; set; } = uint.MaxValue;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(PeerIndex);
    }

    /// <inheritdoc/>
    public static WireguardPeersV2Dump DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeersV2Dump();
        message.PeerIndex = reader.U32();
        return message;
    }
}
