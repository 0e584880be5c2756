namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>One UAPI <c>set=1</c> transaction: interface settings and the peers to add or replace.</summary>
public sealed record WireGuardSettings
{
    /// <summary>Gets the private key to set, or null to keep the current one.</summary>
    public WireGuardKey? PrivateKey { get; init; }

    /// <summary>Gets the UDP port to listen on (0: any free port), or null to keep the current one.</summary>
    public int? ListenPort { get; init; }

    /// <summary>Gets whether the device's peers are removed before <see cref="Peers"/> are added.</summary>
    public bool ReplacePeers { get; init; }

    /// <summary>Gets the peers to add or update; each one's allowed IPs replace the ones it had.</summary>
    public IReadOnlyList<WireGuardPeer> Peers { get; init; } = [];
}
