using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Routes;

/// <summary>Adds the server side's routes through its VPP interface (<c>ip_route_add_del</c>): a route to each Src address not inside a Dst prefix, and the Dst routes (a missing next hop is the first Src address of the family). A refresh removes the stale ones; Close removes what it added.</summary>
/// <param name="vpp">The VPP API.</param>
public sealed class RoutesServer(IVppApi vpp) : INetworkServiceServer
{
    private readonly RoutesCore _core = new(vpp, isClient: false);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
