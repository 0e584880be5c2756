using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Routes;

/// <summary>
/// Which routes one side's interface gets (upstream sdk-vpp's halves): the server side (the NSE's interface) gets a route to
/// each Src address not inside a Dst prefix, and the Dst routes; the client side (the NSC's) a route to each Dst address not
/// inside a Src prefix, and the Src routes. A route without a next hop gets the first peer address of its family as its
/// gateway, unless the prefix is inside one of this side's own prefixes (then it stays on-link).
/// </summary>
internal static class RoutePlan
{
    public static IReadOnlyList<RouteEntry> For(IPContext? ip, bool isClient)
    {
        if (ip is null)
        {
            return [];
        }

        var own = Parse(isClient ? ip.SrcIpAddrs : ip.DstIpAddrs);
        var peer = Parse(isClient ? ip.DstIpAddrs : ip.SrcIpAddrs);
        var routes = new List<RouteEntry>();
        foreach (var address in peer.Where(p => !own.Any(o => o.Contains(p))))
        {
            routes.Add(new RouteEntry(Mask(address), null));
        }

        foreach (var route in isClient ? ip.SrcRoutes : ip.DstRoutes)
        {
            var prefix = IpCidr.Parse(route.Prefix);
            IpAddr? nextHop = string.IsNullOrEmpty(route.NextHop) ? null : IpAddr.Parse(route.NextHop);
            if (nextHop is null && !own.Any(o => o.Contains(prefix)))
            {
                nextHop = peer.Where(p => p.Family == prefix.Family).Select(p => (IpAddr?)p.Address).FirstOrDefault();
            }

            routes.Add(new RouteEntry(Mask(prefix), nextHop?.ToIPAddress()));
        }

        return [.. routes.Distinct()];
    }

    private static List<IpCidr> Parse(IEnumerable<string> cidrs) => [.. cidrs.Select(IpCidr.Parse)];

    private static VppPrefix Mask(IpCidr cidr) => VppPrefix.FromAddress(cidr.NetworkAddress.ToIPAddress(), cidr.PrefixLength);
}
