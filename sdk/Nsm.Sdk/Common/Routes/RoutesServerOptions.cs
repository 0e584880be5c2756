using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Routes;

/// <summary>Options of <see cref="RoutesServer"/>.</summary>
public sealed class RoutesServerOptions
{
    /// <summary>
    /// Gets or sets the routes to add to <c>src_routes</c> (installed on the client side, e.g. the network service's
    /// <c>10.100.1.0/24</c>). An empty next hop means "via the endpoint's address". Default: empty.
    /// </summary>
    public IList<Route> SrcRoutes { get; set; } = [];

    /// <summary>Gets or sets the routes to add to <c>dst_routes</c> (installed on the endpoint side). Default: empty.</summary>
    public IList<Route> DstRoutes { get; set; } = [];
}
