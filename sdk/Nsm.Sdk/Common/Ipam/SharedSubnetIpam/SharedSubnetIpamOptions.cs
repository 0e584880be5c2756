using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.SharedSubnetIpam;

/// <summary>Options of <see cref="SharedSubnetIpamServer"/> (and <see cref="SharedSubnetAllocator"/>).</summary>
public sealed record SharedSubnetIpamOptions
{
    /// <summary>
    /// Gets the subnets the clients join, e.g. <c>10.200.0.0/24</c>, or one IPv4 and one IPv6 subnet for dual stack.
    /// Each client gets one address from each, with the subnet's length. Required.
    /// </summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    /// <summary>
    /// Gets the gateway of each subnet (at most one per subnet; never handed out; extra routes go through it).
    /// A subnet without one here has its first host address as gateway (<c>10.200.0.1</c>, <c>fd00::1</c>).
    /// </summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>Gets CIDRs (or single addresses) that are never handed out, e.g. the subnet's static hosts.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>
    /// Gets more destinations the clients reach through the gateway of the subnet of the same family, e.g.
    /// <c>0.0.0.0/0</c>. The route to each subnet itself is always given.
    /// </summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>Gets the probe asked about each fresh candidate before it is handed out, or null to hand out without asking.</summary>
    public IAddressProbe? Probe { get; init; }

    /// <summary>Checks the options; throws an <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate() => _ = SharedSubnetAllocator.Parse(this);
}
