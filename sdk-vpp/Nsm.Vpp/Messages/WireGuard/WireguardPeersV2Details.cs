using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>A WireGuard peer (<c>wireguard_peers_v2_details</c>; in progress in VPP 26.10).</summary>
public sealed class WireguardPeersV2Details : IVppMessage<WireguardPeersV2Details>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peers_v2_details";

    /// <inheritdoc/>
    public static string MessageCrc => "f5b86f42";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the peer.</summary>
    public WireguardPeerV2 Peer { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Peer.Write(writer);
    }

    /// <inheritdoc/>
    public static WireguardPeersV2Details DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeersV2Details();
        message.Peer = WireguardPeerV2.Read(ref reader);
        return message;
    }
}
