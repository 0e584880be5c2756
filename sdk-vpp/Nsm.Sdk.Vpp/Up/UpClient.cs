using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Up;

/// <summary>Sets the client side's VPP interface (<see cref="Common.VppInterfaces"/>) admin up (<c>sw_interface_set_flags</c>) after the rest of the chain answered; Close leaves it (it goes with the interface).</summary>
/// <param name="vpp">The VPP API.</param>
public sealed class UpClient(IVppApi vpp) : INetworkServiceClient
{
    private readonly UpCore _core = new(vpp, isClient: true);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        UpCore.CloseAsync(connection, context, next);
}
