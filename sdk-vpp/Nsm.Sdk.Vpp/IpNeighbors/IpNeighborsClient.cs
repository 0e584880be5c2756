using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.IpNeighbors;

/// <summary>
/// Adds static neighbours (<c>ip_neighbor_add_del</c>, STATIC) on the client side's VPP interface: each Dst address (the NSE's) → the peer's MAC, after the rest of the chain
/// answered, so VPP never resolves the peer; a refresh swaps stale entries and Close deletes them. Nothing when
/// <paramref name="peerHardwareAddress"/> gives no MAC (e.g. an Ethernet-payload connection).
/// </summary>
/// <param name="vpp">The VPP API.</param>
/// <param name="peerHardwareAddress">The MAC of the peer's interface (upstream: the pod-side veth end's).</param>
public sealed class IpNeighborsClient(IVppApi vpp, Func<Connection, MacAddress?> peerHardwareAddress) : INetworkServiceClient
{
    private readonly IpNeighborsCore _core = new(vpp, peerHardwareAddress, isClient: true);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
