namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>A kernel WireGuard device as <c>WG_CMD_GET_DEVICE</c> reports it (every message of the dump put together).</summary>
/// <param name="InterfaceIndex">The interface index in the handle's namespace.</param>
/// <param name="InterfaceName">The interface name.</param>
public sealed record WireGuardNetlinkDevice(int InterfaceIndex, string InterfaceName)
{
    /// <summary>Gets the private key (32 bytes), or null when the device has none.</summary>
    public ReadOnlyMemory<byte>? PrivateKey { get; init; }

    /// <summary>Gets the public key (32 bytes), or null when the device has no private key.</summary>
    public ReadOnlyMemory<byte>? PublicKey { get; init; }

    /// <summary>Gets the UDP port the device listens on (0 while it is down and no port was set).</summary>
    public int ListenPort { get; init; }

    /// <summary>Gets the firewall mark of the device's UDP packets (0: none).</summary>
    public uint Fwmark { get; init; }

    /// <summary>Gets the peers.</summary>
    public IReadOnlyList<WireGuardNetlinkPeer> Peers { get; init; } = [];
}
