using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Vxlan;

/// <summary>
/// The forwarder's side towards a remote forwarder that calls it over VXLAN: after <c>next</c>, when the connection's
/// mechanism is <c>VXLAN</c>, VPP makes the tunnel from this side's address (<c>dst_ip</c>, <c>dst_port</c>) to the
/// caller's (<c>src_ip</c>) with the mechanism's VNI. Put the SDK's <c>VniServer</c> (it fills <c>dst_ip</c>, the port and
/// the VNI) before it. The interface is the server side's <see cref="VppInterfaces"/>; Close deletes the tunnel.
/// </summary>
public sealed class VxlanServer : INetworkServiceServer
{
    private readonly IVppApi _vpp;
    private readonly ILogger _logger;

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public VxlanServer(IVppApi vpp, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        _vpp = vpp;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = await next.RequestAsync(request, context);
        if (VxlanMechanism.ToMechanism(connection.Mechanism) is not { } vxlan)
        {
            return connection;
        }

        return await VxlanTunnels.SetUpAsync(_vpp, connection, vxlan, context, next, isClient: false, _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await VxlanTunnels.DeleteAsync(_vpp, context, isClient: false, _logger);
        await next.CloseAsync(connection, context);
    }
}
