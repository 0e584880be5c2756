using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Configuration;

/// <summary>One end of a veth pair: where it lives, its name, and the addresses and routes it gets.</summary>
/// <param name="Namespace">The namespace the end is created in.</param>
/// <param name="Name">The interface name (at most 15 characters).</param>
public sealed record VethEndConfig(NetNs Namespace, string Name)
{
    /// <summary>Addresses to put on the interface (e.g. <c>10.100.1.2/32</c>).</summary>
    public IReadOnlyList<NetlinkPrefix> Addresses { get; init; } = [];

    /// <summary>
    /// Routes to add (replace) in this end's namespace; a route without <see cref="Route.Device"/> and
    /// <see cref="Route.DeviceIndex"/> goes out through this interface.
    /// </summary>
    public IReadOnlyList<Route> Routes { get; init; } = [];

    /// <summary>Static neighbours to set on this interface (a route's next hop without ARP), or none.</summary>
    public IReadOnlyList<Neighbor> Neighbors { get; init; } = [];

    /// <summary>An alias for the interface (NSM uses it to find interfaces after a restart), or null.</summary>
    public string? Alias { get; init; }
}

/// <summary>A veth pair between a client (pod) namespace and the forwarder side.</summary>
/// <param name="Client">The client end (e.g. <c>nsm-1</c> in the pod).</param>
/// <param name="Forwarder">The forwarder-side end.</param>
/// <param name="Mtu">The MTU of both ends, or 0 for the kernel default.</param>
public sealed record VethPairConfig(VethEndConfig Client, VethEndConfig Forwarder, int Mtu = 0);
