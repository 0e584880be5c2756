namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>
/// One <c>WG_CMD_SET_DEVICE</c> for the kernel WireGuard interface <see cref="InterfaceName"/>: device settings (each
/// null one is kept) and peers to add, change or remove. Sent as one message: fine for the few peers of a connection.
/// </summary>
/// <param name="InterfaceName">The interface's name in the namespace of the handle (<c>WGDEVICE_A_IFNAME</c>).</param>
public sealed record WireGuardNetlinkSettings(string InterfaceName)
{
    /// <summary>Gets the private key to set (32 bytes; all zeros removes it), or null to keep it.</summary>
    public ReadOnlyMemory<byte>? PrivateKey { get; init; }

    /// <summary>Gets the UDP port to listen on (0: a random free one), or null to keep it.</summary>
    public ushort? ListenPort { get; init; }

    /// <summary>Gets the firewall mark of the device's UDP packets (0: none), or null to keep it.</summary>
    public uint? Fwmark { get; init; }

    /// <summary>Gets whether every peer is removed before <see cref="Peers"/> are applied (<c>WGDEVICE_F_REPLACE_PEERS</c>).</summary>
    public bool ReplacePeers { get; init; }

    /// <summary>Gets the peers to add, change or remove.</summary>
    public IReadOnlyList<WireGuardNetlinkPeerSettings> Peers { get; init; } = [];
}
