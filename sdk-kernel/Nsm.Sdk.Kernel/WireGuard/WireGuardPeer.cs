using System.Net;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>The one peer of a WireGuard device: who it is, where it is and which inner addresses it may use.</summary>
/// <param name="PublicKey">The peer's public key.</param>
public sealed record WireGuardPeer(WireGuardKey PublicKey)
{
    /// <summary>
    /// Gets where the peer's UDP socket is, or null when it is not known yet (a responder learns it from the peer's
    /// first handshake).
    /// </summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>
    /// Gets the inner addresses the peer may send from and that are sent to it (WireGuard's crypto-key routing);
    /// with one device per connection, <c>0.0.0.0/0</c> and <c>::/0</c> are fine.
    /// </summary>
    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];

    /// <summary>Gets the interval of keepalives towards the peer (whole seconds, at most 65535), or zero for none.</summary>
    public TimeSpan PersistentKeepalive { get; init; }
}
