using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Routes;

/// <summary>Adds the client side's routes through its VPP interface (<c>ip_route_add_del</c>): a route to each Dst address not inside a Src prefix, and the Src routes (a missing next hop is the first Dst address of the family). A refresh removes the stale ones; Close removes what it added.</summary>
/// <param name="vpp">The VPP API.</param>
public sealed class RoutesClient(IVppApi vpp) : INetworkServiceClient
{
    private readonly RoutesCore _core = new(vpp, isClient: true);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
