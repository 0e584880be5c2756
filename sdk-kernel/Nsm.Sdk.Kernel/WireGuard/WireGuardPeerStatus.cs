using System.Net;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>A peer as the UAPI <c>get=1</c> reports it.</summary>
/// <param name="PublicKey">The peer's public key.</param>
public sealed record WireGuardPeerStatus(WireGuardKey PublicKey)
{
    /// <summary>Gets the peer's current endpoint, or null when none is known.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>Gets when the last handshake completed, or null when none has.</summary>
    public DateTimeOffset? LastHandshake { get; init; }

    /// <summary>Gets the bytes received from the peer.</summary>
    public long RxBytes { get; init; }

    /// <summary>Gets the bytes sent to the peer.</summary>
    public long TxBytes { get; init; }

    /// <summary>Gets the keepalive interval (zero: off).</summary>
    public TimeSpan PersistentKeepalive { get; init; }

    /// <summary>Gets the peer's allowed IPs.</summary>
    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];
}
