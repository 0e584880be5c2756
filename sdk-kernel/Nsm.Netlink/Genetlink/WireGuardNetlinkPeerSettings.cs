using System.Net;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>One peer of a <c>WG_CMD_SET_DEVICE</c> (the <c>WGPEER_A_*</c> attributes).</summary>
/// <param name="PublicKey">The peer's public key (32 bytes): identifies the peer to add, change or remove.</param>
public sealed record WireGuardNetlinkPeerSettings(ReadOnlyMemory<byte> PublicKey)
{
    /// <summary>Gets the preshared key to set (32 bytes; all zeros removes it), or null to keep it.</summary>
    public ReadOnlyMemory<byte>? PresharedKey { get; init; }

    /// <summary>Gets the peer's endpoint to set (sent as <c>struct sockaddr_in</c> or <c>sockaddr_in6</c>), or null to keep it.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>Gets the keepalive interval in seconds to set (0 turns it off), or null to keep it.</summary>
    public ushort? PersistentKeepaliveSeconds { get; init; }

    /// <summary>Gets whether the peer's allowed IPs are removed before <see cref="AllowedIps"/> are added (<c>WGPEER_F_REPLACE_ALLOWEDIPS</c>).</summary>
    public bool ReplaceAllowedIps { get; init; }

    /// <summary>Gets the allowed IPs to add.</summary>
    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];

    /// <summary>Gets whether the peer is removed (<c>WGPEER_F_REMOVE_ME</c>; the other settings are ignored).</summary>
    public bool Remove { get; init; }

    /// <summary>Gets whether the peer is only changed if it exists, never created (<c>WGPEER_F_UPDATE_ONLY</c>).</summary>
    public bool UpdateOnly { get; init; }
}
