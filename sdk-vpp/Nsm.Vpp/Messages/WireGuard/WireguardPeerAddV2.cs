using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Adds a WireGuard peer with a preshared key (<c>wireguard_peer_add_v2</c>; in progress in VPP 26.10: prefer <see cref="WireguardPeerAdd"/>).</summary>
public sealed class WireguardPeerAddV2 : IVppMessage<WireguardPeerAddV2>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peer_add_v2";

    /// <inheritdoc/>
    public static string MessageCrc => "4a07ba90";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the peer.</summary>
    public WireguardPeerV2 Peer { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Peer.Write(writer);
    }

    /// <inheritdoc/>
    public static WireguardPeerAddV2 DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeerAddV2();
        message.Peer = WireguardPeerV2.Read(ref reader);
        return message;
    }
}
