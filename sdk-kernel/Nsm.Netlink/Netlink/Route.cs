using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// A route, used both to add/replace/delete routes and as what <see cref="NetlinkHandle.ListRoutesAsync"/> returns.
/// </summary>
public sealed record Route
{
    /// <summary>The destination; null means the default route. Host bits are cleared when sent.</summary>
    public NetlinkPrefix? Destination { get; init; }

    /// <summary>The next hop, or null for a directly connected route.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>The output interface by name (resolved when the route is sent).</summary>
    public string? Device { get; init; }

    /// <summary>The output interface index (filled in on listing; used when <see cref="Device"/> is null).</summary>
    public int? DeviceIndex { get; init; }

    /// <summary>The routing table; 254 (main) by default.</summary>
    public int Table { get; init; } = 254;

    /// <summary>The scope; null picks link scope without a gateway and universe with one, like <c>ip route</c>.</summary>
    public RouteScope? Scope { get; init; }

    /// <summary>The preferred source address (<c>src</c>), or null.</summary>
    public IPAddress? Source { get; init; }

    /// <summary>The metric (priority), or null.</summary>
    public int? Metric { get; init; }

    /// <summary>Treat the gateway as directly reachable on <see cref="Device"/> (<c>onlink</c>).</summary>
    public bool OnLink { get; init; }

    /// <summary>Set for an IPv6 default route without a gateway (otherwise the family follows the addresses).</summary>
    public bool IPv6 { get; init; }

    /// <summary>The route type from the kernel (1 unicast, 2 local, 3 broadcast, ...); informational.</summary>
    public int Type { get; init; } = 1;

    /// <summary>The address family of the route.</summary>
    public AddressFamily Family =>
        Destination?.Address.AddressFamily ?? Gateway?.AddressFamily ?? (IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);

    /// <summary>A default route through <paramref name="gateway"/>.</summary>
    /// <param name="gateway">The next hop.</param>
    /// <param name="device">The output interface, or null.</param>
    public static Route DefaultVia(IPAddress gateway, string? device = null) => new() { Gateway = gateway, Device = device };

    /// <summary>A directly connected route to <paramref name="destination"/> on <paramref name="device"/>.</summary>
    /// <param name="destination">The destination prefix.</param>
    /// <param name="device">The output interface.</param>
    public static Route Connected(NetlinkPrefix destination, string device) => new() { Destination = destination, Device = device };

    /// <inheritdoc/>
    public override string ToString()
    {
        var dst = Destination?.Network.ToString() ?? "default";
        var via = Gateway is null ? string.Empty : $" via {Gateway}";
        var dev = Device ?? (DeviceIndex is { } i ? $"#{i}" : null);
        return $"{dst}{via}{(dev is null ? string.Empty : " dev " + dev)}{(Table == 254 ? string.Empty : $" table {Table}")}";
    }
}
