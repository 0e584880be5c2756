using System.Collections.Immutable;
using System.Net;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>Options of <see cref="RemoteForwarder"/>.</summary>
public sealed record RemoteForwarderOptions
{
    /// <summary>Gets this node's tunnel IP (<c>NSM_TUNNEL_IP</c>): <c>src_ip</c> as a client, <c>dst_ip</c> as a server, the tunnels' local address.</summary>
    public required IPAddress TunnelIP { get; init; }

    /// <summary>Gets the VXLAN UDP port (<c>NSM_VXLAN_PORT</c>; both ends must use the same). The default is 4789.</summary>
    public ushort VxlanPort { get; init; } = VxlanMechanism.DefaultPort;

    /// <summary>Gets the order REMOTE mechanisms are offered in (<c>NSM_MECHANISM_PRIORITY</c>), filtered per payload. The default is WireGuard, then VXLAN.</summary>
    public ImmutableArray<string> Priority { get; init; } = RemoteMechanismPriority.Default;

    /// <summary>Gets the forwarder's MTU before the tunnel overhead (the node network's). The default is 1500.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>
    /// Gets the node's namespace (a path such as <c>/run/netns/node1</c>) where the tunnels' sockets live; the devices
    /// themselves are born in the pods. The default, null, is the forwarder's own namespace.
    /// </summary>
    public string? NodeNetNsPath { get; init; }

    /// <summary>
    /// Gets the WireGuard devices' options; null: no WireGuard. WireGuard is offered only when the kernel has it (and
    /// <see cref="WireGuardDevicesOptions.PreferKernel"/> is set) or its userspace program
    /// (<see cref="WireGuardDevicesOptions.WireGuardGoPath"/>) is installed. The default is the defaults.
    /// </summary>
    public WireGuardDevicesOptions? WireGuard { get; init; } = new();

    /// <summary>Gets how long the client's side waits for the WireGuard handshake before it says why none came (the diagnosis adds a few seconds). The default is 3 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the time a kernel operation may take on the Close path. The default is 10 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how often the client half asks the server for another VNI when the answered one is in use on this node. The default is 4.</summary>
    public int VniAttempts { get; init; } = 4;

    /// <summary>Gets the random source of VNIs (tests). The default, null, is cryptographic randomness.</summary>
    public Random? Random { get; init; }

    /// <summary>Gets the clock for timeouts. The default is the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TunnelIP, nameof(TunnelIP));
        ArgumentOutOfRangeException.ThrowIfZero(VxlanPort, nameof(VxlanPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, 68, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VniAttempts, nameof(VniAttempts));
        if (Priority.IsDefaultOrEmpty || Priority.Any(t => !RemoteMechanismPriority.Known.Contains(t)))
        {
            throw new ArgumentException($"the priority must name only {string.Join(", ", RemoteMechanismPriority.Known)}", nameof(Priority));
        }
    }
}
