using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.IpNeighbors;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.KernelVethPair;

/// <summary>
/// The KERNEL mechanism of the VPP forwarder on the client side (towards the next hop: it offers a KERNEL mechanism and builds the NSE's interface when the NSE chose KERNEL), as upstream's
/// <c>kernelvethpair</c> (VPP without <c>/dev/vhost-net</c>, so no tap): after the rest of the chain answered, a veth pair
/// with the pod's end named as the mechanism says (with this side's addresses and routes) and the other end attached to
/// VPP with <c>af_packet_create_v3</c> (for an IP payload also static neighbours both ways, so nobody ARPs); its sw_if_index goes to <see cref="Common.VppInterfaces"/> for up, MTU and the
/// cross-connect. A refresh keeps the pair; Close deletes the af_packet interface and the pair.
/// </summary>
/// <param name="vpp">The VPP API.</param>
/// <param name="options">The options, or the defaults.</param>
public sealed class KernelVethPairClient(IVppApi vpp, KernelVethPairOptions? options = null) : INetworkServiceClient
{
    private readonly KernelVethPairCore _core = new(vpp, options, isClient: true);
    private readonly IpNeighborsCore _neighbors = new(vpp, (context, connection) => KernelVethPairCore.PodMac(context, connection, isClient: true), isClient: true);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _neighbors.RequestAsync(request, context, new KernelVethPairCore.Then(_core, next));

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _neighbors.CloseAsync(connection, context, new KernelVethPairCore.Then(_core, next));
}
