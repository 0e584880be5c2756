using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Routes.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>Adds a route (<c>ip route add</c>); throws (EEXIST) if an equal route exists.</summary>
    /// <param name="route">The route.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddRouteAsync(Route route, CancellationToken cancellationToken = default) =>
        ModifyRouteAsync(Nl.RTM_NEWROUTE, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, route, cancellationToken);

    /// <summary>Adds a route or replaces the one with the same destination, table and metric (<c>ip route replace</c>).</summary>
    /// <param name="route">The route.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task ReplaceRouteAsync(Route route, CancellationToken cancellationToken = default) =>
        ModifyRouteAsync(Nl.RTM_NEWROUTE, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, route, cancellationToken);

    /// <summary>Deletes the route matching the given fields (<c>ip route del</c>).</summary>
    /// <param name="route">The route; unset fields match anything.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteRouteAsync(Route route, CancellationToken cancellationToken = default) =>
        ModifyRouteAsync(Nl.RTM_DELROUTE, 0, route, cancellationToken);

    /// <summary>Lists routes, optionally of one family and one table (null = all tables).</summary>
    /// <param name="family">IPv4 or IPv6, or null for both.</param>
    /// <param name="table">The table (254 main, 255 local), or null for every table.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<IReadOnlyList<Route>> ListRoutesAsync(AddressFamily? family = null, int? table = 254, CancellationToken cancellationToken = default) =>
        CallAsync((family, table), static (s, a) => (IReadOnlyList<Route>)RouteOps.List(s, a.family, a.table), cancellationToken);

    private Task ModifyRouteAsync(ushort type, ushort flags, Route route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return CallAsync((type, flags, route), static (s, a) => RouteOps.Modify(s, a.type, a.flags, a.route), cancellationToken);
    }
}
