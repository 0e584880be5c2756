using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>The reply to <see cref="WireguardPeerAdd"/>.</summary>
public sealed class WireguardPeerAddReply : IVppMessage<WireguardPeerAddReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_peer_add_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "084a0cd3";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the new peer's index.</summary>
    public uint PeerIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(PeerIndex);
    }

    /// <inheritdoc/>
    public static WireguardPeerAddReply DecodeFields(ref VppReader reader)
    {
        var message = new WireguardPeerAddReply();
        message.Retval = reader.I32();
        message.PeerIndex = reader.U32();
        return message;
    }
}
