using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Api;

/// <summary>Address and route helpers for <see cref="IPContext"/> used by dataplanes.</summary>
public static class IPContextExtensions
{
    /// <summary>The parseable <c>src_ip_addrs</c> as CIDRs (lenient form, host part kept); malformed entries are skipped.</summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<IpCidr> GetSrcIPNets(this IPContext? context) => ParseAll(context?.SrcIpAddrs);

    /// <summary>The parseable <c>dst_ip_addrs</c> as CIDRs (lenient form, host part kept); malformed entries are skipped.</summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<IpCidr> GetDstIPNets(this IPContext? context) => ParseAll(context?.DstIpAddrs);

    /// <summary>A route (<c>addr/len</c>, no next hop) for every src address that no dst prefix contains.</summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<Route> GetSrcIPRoutes(this IPContext? context) =>
        RoutesNotCoveredBy(context.GetSrcIPNets(), context.GetDstIPNets());

    /// <summary>A route (<c>addr/len</c>, no next hop) for every dst address that no src prefix contains.</summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<Route> GetDstIPRoutes(this IPContext? context) =>
        RoutesNotCoveredBy(context.GetDstIPNets(), context.GetSrcIPNets());

    /// <summary>
    /// The src routes, where each route whose prefix parses and whose next hop is empty or unparseable gets
    /// (in a clone) the first dst IP of the same family as next hop, unless that family's dst nets contain the prefix address.
    /// </summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<Route> GetSrcRoutesWithExplicitNextHop(this IPContext? context) =>
        WithExplicitNextHop(context?.SrcRoutes, context.GetDstIPNets());

    /// <summary>The dst routes with an explicit next hop taken from the src addresses; see <see cref="GetSrcRoutesWithExplicitNextHop"/>.</summary>
    /// <param name="context">The IP context.</param>
    public static IReadOnlyList<Route> GetDstRoutesWithExplicitNextHop(this IPContext? context) =>
        WithExplicitNextHop(context?.DstRoutes, context.GetSrcIPNets());

    /// <summary>The route prefix as a CIDR (lenient form), or null when empty or malformed.</summary>
    /// <param name="route">The route.</param>
    public static IpCidr? GetPrefixIPNet(this Route? route) => IpCidr.ParseLenientOrNull(route?.Prefix);

    /// <summary>The route's next hop as an IP address, or null when empty or malformed.</summary>
    /// <param name="route">The route.</param>
    public static IPAddress? GetNextHopIP(this Route? route) => IpText.ParseOrNull(route?.NextHop);

    private static List<IpCidr> ParseAll(IEnumerable<string>? values)
    {
        var result = new List<IpCidr>();
        foreach (var value in values ?? [])
        {
            if (IpCidr.TryParseLenient(value, out var cidr))
            {
                result.Add(cidr);
            }
        }

        return result;
    }

    private static bool AnyContains(IEnumerable<IpCidr> nets, IPAddress ip) => nets.Any(n => n.Contains(ip));

    private static List<Route> RoutesNotCoveredBy(IReadOnlyList<IpCidr> addresses, IReadOnlyList<IpCidr> others)
    {
        var routes = new List<Route>();
        foreach (var address in addresses)
        {
            if (!AnyContains(others, address.IPAddress))
            {
                routes.Add(new Route { Prefix = address.ToString() });
            }
        }

        return routes;
    }

    private static List<Route> WithExplicitNextHop(IEnumerable<Route>? routes, IReadOnlyList<IpCidr> toNets)
    {
        var v4 = toNets.Where(n => n.IsIPv4).ToList();
        var v6 = toNets.Where(n => !n.IsIPv4).ToList();
        var result = new List<Route>();
        foreach (var route in routes ?? [])
        {
            var prefix = route.GetPrefixIPNet();
            if (prefix is { } p && route.GetNextHopIP() is null)
            {
                var family = p.IsIPv4 ? v4 : v6;
                if (family.Count > 0 && !AnyContains(family, p.IPAddress))
                {
                    var clone = route.Clone();
                    clone.NextHop = family[0].Address.ToString();
                    result.Add(clone);
                    continue;
                }
            }

            result.Add(route);
        }

        return result;
    }
}
