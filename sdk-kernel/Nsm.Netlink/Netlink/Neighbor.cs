using System.Net;
using System.Net.NetworkInformation;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>A neighbour (ARP / NDP) entry: <see cref="Address"/> is at <see cref="Mac"/> on <see cref="Device"/>.</summary>
/// <param name="Device">The interface name (empty in listings; see <see cref="DeviceIndex"/>).</param>
/// <param name="Address">The neighbour's IP address.</param>
/// <param name="Mac">The neighbour's MAC address, or null (listings of incomplete entries).</param>
public sealed record Neighbor(string Device, IPAddress Address, PhysicalAddress? Mac)
{
    /// <summary>The entry state; permanent by default.</summary>
    public NeighborState State { get; init; } = NeighborState.Permanent;

    /// <summary>The interface index (filled in on listing).</summary>
    public int DeviceIndex { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Address} lladdr {Mac} dev {(Device.Length > 0 ? Device : $"#{DeviceIndex}")} {State}";
}

/// <summary>Neighbour entry states (NUD_*).</summary>
[Flags]
public enum NeighborState
{
    /// <summary>No state.</summary>
    None = 0,

    /// <summary>Resolution in progress.</summary>
    Incomplete = 0x01,

    /// <summary>Confirmed reachable.</summary>
    Reachable = 0x02,

    /// <summary>Valid but unconfirmed.</summary>
    Stale = 0x04,

    /// <summary>Waiting before probing.</summary>
    Delay = 0x08,

    /// <summary>Probing.</summary>
    Probe = 0x10,

    /// <summary>Resolution failed.</summary>
    Failed = 0x20,

    /// <summary>No ARP needed on this device.</summary>
    NoArp = 0x40,

    /// <summary>Static entry that never expires.</summary>
    Permanent = 0x80,
}
