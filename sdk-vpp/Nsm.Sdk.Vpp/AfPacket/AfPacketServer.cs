using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.AfPacket;

/// <summary>
/// The af_packet mechanism's VPP half on the server side (towards the caller: a kernel-mechanism NSC): after the rest of the chain answered, creates a VPP host
/// interface (<c>af_packet_create_v3</c>, ethernet mode, TPACKET v2) on the host interface
/// <see cref="AfPacketOptions.HostInterfaceName"/> names and stores its sw_if_index (<see cref="Common.VppInterfaces"/>) for
/// the elements after it; Close deletes it (<c>af_packet_delete</c>).
/// </summary>
/// <param name="vpp">The VPP API.</param>
/// <param name="options">Which host interface, and its MAC.</param>
public sealed class AfPacketServer(IVppApi vpp, AfPacketOptions options) : INetworkServiceServer
{
    private readonly AfPacketCore _core = new(vpp, options, isClient: false);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
