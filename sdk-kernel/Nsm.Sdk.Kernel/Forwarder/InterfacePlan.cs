using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>One interface the forwarder makes for a connection: where it lives, its name, addresses and routes.</summary>
/// <param name="NetNSUrl">The pod's namespace URL.</param>
/// <param name="Name">The interface name.</param>
/// <param name="Addresses">The addresses.</param>
/// <param name="Routes">The routes through it.</param>
public sealed record InterfacePlan(string NetNSUrl, string Name, IReadOnlyList<NetlinkPrefix> Addresses, IReadOnlyList<Route> Routes)
{
    /// <inheritdoc />
    public bool Equals(InterfacePlan? other) =>
        other is not null && NetNSUrl == other.NetNSUrl && Name == other.Name
        && Addresses.SequenceEqual(other.Addresses) && Routes.SequenceEqual(other.Routes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NetNSUrl, Name);
}
