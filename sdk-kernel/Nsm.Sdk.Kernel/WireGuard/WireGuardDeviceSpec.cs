namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// One WireGuard device for one connection: its machine-wide unique name (wireguard-go's UAPI socket folder is
/// global, so two devices never share a name even in different namespaces), where its UDP socket lives (the
/// underlay), where its interface ends up (the target, e.g. a pod) and under which name, its key, port and peer.
/// </summary>
/// <param name="Name">The device's name while it is created, and its UAPI socket's name (at most 15 characters).</param>
/// <param name="TargetNetNs">The namespace the interface is moved into: a path or an NSM <c>inodeURL</c> (<c>file:///proc/PID/ns/net</c>).</param>
/// <param name="TargetName">The interface's name in the target namespace (e.g. <c>nsm-1</c>).</param>
/// <param name="PrivateKey">The device's private key.</param>
public sealed record WireGuardDeviceSpec(string Name, string TargetNetNs, string TargetName, WireGuardKey PrivateKey)
{
    /// <summary>Gets the namespace of the UDP socket (a path or URL), or null for this process's own (the forwarder's).</summary>
    public string? UnderlayNetNs { get; init; }

    /// <summary>Gets the UDP port to listen on, or 0 for any free one (read it back from <see cref="WireGuardDevice.ListenPort"/>).</summary>
    public int ListenPort { get; init; }

    /// <summary>Gets the peer, or null to add it later with <see cref="WireGuardDevice.SetPeerAsync"/>.</summary>
    public WireGuardPeer? Peer { get; init; }

    /// <summary>Gets the interface MTU (default 1420: 1500 less WireGuard's 80 bytes of IPv6 overhead).</summary>
    public int Mtu { get; init; } = 1420;

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">A name, the port or the MTU is out of range.</exception>
    public void Validate()
    {
        CheckName(Name, nameof(Name));
        CheckName(TargetName, nameof(TargetName));
        ArgumentException.ThrowIfNullOrEmpty(TargetNetNs);
        ArgumentNullException.ThrowIfNull(PrivateKey);
        if (ListenPort is < 0 or > 65535)
        {
            throw new ArgumentException($"ListenPort {ListenPort} is not a UDP port (0-65535)", nameof(ListenPort));
        }

        if (Mtu is < 1280 or > 65535)
        {
            throw new ArgumentException($"Mtu {Mtu} is out of range (1280-65535)", nameof(Mtu));
        }

        if (Peer is { PersistentKeepalive: var keepalive } && (keepalive < TimeSpan.Zero || keepalive > TimeSpan.FromSeconds(65535)))
        {
            throw new ArgumentException($"PersistentKeepalive {keepalive} is out of range (0-65535 s)", nameof(Peer));
        }
    }

    /// <summary>Describes the device without its private key.</summary>
    public override string ToString() =>
        $"wireguard {Name} -> {TargetName} in {TargetNetNs} (underlay {UnderlayNetNs ?? "own namespace"}, port {ListenPort}, peer {Peer?.PublicKey.ToString() ?? "none"} at {Peer?.Endpoint?.ToString() ?? "unknown"})";

    private static void CheckName(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 15 || name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || c > '~'))
        {
            throw new ArgumentException($"'{name}' is not an interface name (1-15 printable ASCII characters, no '/', ':' or spaces)", parameter);
        }
    }
}
