using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Configuration;

/// <summary>
/// Conversions between the SDK's CIDR (<see cref="IpCidr"/>) and the netlink layer's wire-level <see cref="NetlinkPrefix"/>.
/// Nsm.Netlink has no SDK dependency, so it keeps its own type; both parse text by the same lenient rules.
/// </summary>
public static class CidrConversions
{
    /// <summary>The netlink prefix of a CIDR (the host part kept, as an interface address needs).</summary>
    /// <param name="cidr">The CIDR.</param>
    /// <returns>The netlink prefix.</returns>
    public static NetlinkPrefix ToNetlinkPrefix(this IpCidr cidr) => new(cidr.IPAddress, cidr.PrefixLength);

    /// <summary>The SDK CIDR of a netlink prefix.</summary>
    /// <param name="prefix">The netlink prefix.</param>
    /// <returns>The CIDR.</returns>
    public static IpCidr ToIpCidr(this NetlinkPrefix prefix) => IpCidr.FromIPAddress(prefix.Address, prefix.PrefixLength);
}
