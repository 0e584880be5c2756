using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Site;

/// <summary>
/// The prefixes a site tunnel carries: <c>tunnel.routes</c>, and the host of <c>registry.url</c> when asked (unless it
/// is the peer endpoint itself, whose packets must not enter the tunnel).
/// </summary>
internal static class SiteTunnelRoutes
{
    /// <summary>The prefixes, and a problem line when the registry's host does not resolve (the rest still holds).</summary>
    public static async Task<(IReadOnlyList<NetlinkPrefix> Prefixes, string? Problem)> ResolveAsync(SiteTunnelSettings settings, IPAddress peer, bool routeRegistry, CancellationToken cancellationToken)
    {
        var prefixes = settings.Routes.ToList();
        if (!routeRegistry || settings.RegistryUrl is not { Scheme: "tcp", Host: { Length: > 0 } host })
        {
            return (Prefixes(prefixes), null);
        }

        try
        {
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            foreach (var address in addresses.Where(a => !IPAddress.IsLoopback(a) && !a.Equals(peer) && !prefixes.Any(p => p.Contains(a))))
            {
                prefixes.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32));
            }

            return (Prefixes(prefixes), null);
        }
        catch (SocketException e)
        {
            return (Prefixes(prefixes), $"registry.url host {host} does not resolve ({e.Message}): it is not routed into the tunnel");
        }
    }

    private static NetlinkPrefix[] Prefixes(List<IPNetwork> networks) => [.. networks.Select(n => new NetlinkPrefix(n.BaseAddress, n.PrefixLength))];
}
