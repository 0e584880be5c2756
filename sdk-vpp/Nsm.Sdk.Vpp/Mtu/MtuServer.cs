using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Mtu;

/// <summary>Sets the server side's VPP interface MTU (<c>sw_interface_set_mtu</c>, all four protocols) from <c>Connection.Context.MTU</c> after the rest of the chain answered; nothing when the MTU is 0. Close leaves it.</summary>
/// <param name="vpp">The VPP API.</param>
public sealed class MtuServer(IVppApi vpp) : INetworkServiceServer
{
    private readonly MtuCore _core = new(vpp, isClient: false);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        MtuCore.CloseAsync(connection, context, next);
}
