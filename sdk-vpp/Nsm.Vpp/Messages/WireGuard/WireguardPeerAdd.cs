using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Adds a WireGuard peer (<c>wireguard_peer_add</c>; deprecated in VPP but its successor is in progress).</summary>
public sealed class WireguardPeerAdd : IVppMessage<WireguardPeerAdd>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peer_add";

    /// <inheritdoc/>
    public static string MessageCrc => "9b8aad61";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the peer.</summary>
    public WireguardPeer Peer { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Peer.Write(writer);
    }

    /// <inheritdoc/>
    public static WireguardPeerAdd DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeerAdd();
        message.Peer = WireguardPeer.Read(ref reader);
        return message;
    }
}
