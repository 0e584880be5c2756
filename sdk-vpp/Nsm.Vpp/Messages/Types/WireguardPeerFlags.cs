namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>wireguard_peer_flags</c> flags; on the wire a u8.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
#pragma warning disable CA1028 // the wire size is the enum's
public enum WireguardPeerFlags : byte
#pragma warning restore CA1028
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>WIREGUARD_PEER_STATUS_DEAD</c>.</summary>
    StatusDead = 1,

    /// <summary><c>WIREGUARD_PEER_ESTABLISHED</c>.</summary>
    Established = 2,
}
#pragma warning restore CA1711
