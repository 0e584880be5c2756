using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.IpAddress;

/// <summary>Adds the connection's Dst addresses (the NSE's own) to the server side's VPP interface (<c>sw_interface_add_del_address</c>) after the rest of the chain answered; a refresh removes the stale ones, Close removes what it added.</summary>
/// <param name="vpp">The VPP API.</param>
public sealed class IpAddressServer(IVppApi vpp) : INetworkServiceServer
{
    private readonly IpAddressCore _core = new(vpp, isClient: false);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
