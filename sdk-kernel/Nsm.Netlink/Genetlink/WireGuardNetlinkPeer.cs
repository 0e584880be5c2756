using System.Net;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>A peer as <c>WG_CMD_GET_DEVICE</c> reports it.</summary>
/// <param name="PublicKey">The peer's public key (32 bytes).</param>
public sealed record WireGuardNetlinkPeer(ReadOnlyMemory<byte> PublicKey)
{
    /// <summary>Gets the peer's current endpoint, or null when none is known.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>Gets when the last handshake completed (wall clock), or null when none has.</summary>
    public DateTimeOffset? LastHandshake { get; init; }

    /// <summary>Gets the bytes received from the peer.</summary>
    public long RxBytes { get; init; }

    /// <summary>Gets the bytes sent to the peer.</summary>
    public long TxBytes { get; init; }

    /// <summary>Gets the keepalive interval (zero: off).</summary>
    public TimeSpan PersistentKeepalive { get; init; }

    /// <summary>Gets whether the peer has a (non-zero) preshared key.</summary>
    public bool HasPresharedKey { get; init; }

    /// <summary>Gets the WireGuard protocol version spoken with the peer (1).</summary>
    public int ProtocolVersion { get; init; }

    /// <summary>Gets the peer's allowed IPs.</summary>
    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];
}
