using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Removes a WireGuard peer (<c>wireguard_peer_remove</c>).</summary>
public sealed class WireguardPeerRemove : IVppMessage<WireguardPeerRemove>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peer_remove";

    /// <inheritdoc/>
    public static string MessageCrc => "3b74607a";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the peer.</summary>
    public uint PeerIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(PeerIndex);
    }

    /// <inheritdoc/>
    public static WireguardPeerRemove DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeerRemove();
        message.PeerIndex = reader.U32();
        return message;
    }
}
