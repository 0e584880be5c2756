namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>Why a WireGuard handshake did not happen.</summary>
public enum WireGuardFailure
{
    /// <summary>The handshake happened.</summary>
    None,

    /// <summary>The peer's port answers (no ICMP error) but no handshake completes: the keys do not match.</summary>
    WrongKey,

    /// <summary>The peer's endpoint is unreachable: no route, no neighbour, or nothing listens on its port.</summary>
    Unreachable,

    /// <summary>This device knows no endpoint of its peer and the peer has not contacted it.</summary>
    NoEndpoint,
}
