namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>A device as the UAPI <c>get=1</c> or the kernel's <c>WG_CMD_GET_DEVICE</c> reports it.</summary>
public sealed record WireGuardStatus
{
    /// <summary>Gets the device's public key (derived from its private key), or null when it has none.</summary>
    public WireGuardKey? PublicKey { get; init; }

    /// <summary>Gets the device's private key (kept internal, so it never shows in the record's text), or null.</summary>
    internal WireGuardKey? PrivateKey { get; init; }

    /// <summary>Gets the UDP port the device listens on (0 when it does not listen yet).</summary>
    public int ListenPort { get; init; }

    /// <summary>Gets the device's peers.</summary>
    public IReadOnlyList<WireGuardPeerStatus> Peers { get; init; } = [];
}
