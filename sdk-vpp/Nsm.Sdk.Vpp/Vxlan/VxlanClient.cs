using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Vxlan;

/// <summary>
/// The forwarder's side towards a remote forwarder over VXLAN (Ethernet payload only): it offers a <c>REMOTE</c>/<c>VXLAN</c>
/// preference from the tunnel address, and when the next hop answers with <c>VXLAN</c>, VPP makes the tunnel from
/// <c>src_ip</c> to <c>dst_ip</c> with the chosen VNI, both UDP ports this side's <c>src_port</c>. The interface is the
/// client side's <see cref="VppInterfaces"/>; Close deletes the tunnel, then closes the rest of the chain.
/// </summary>
public sealed class VxlanClient : INetworkServiceClient
{
    private readonly IVppApi _vpp;
    private readonly IPAddress _tunnelIP;
    private readonly ushort _port;
    private readonly ILogger _logger;

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="tunnelIP">This forwarder's tunnel address.</param>
    /// <param name="port">The UDP port (0: 4789).</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public VxlanClient(IVppApi vpp, IPAddress tunnelIP, ushort port = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(tunnelIP);
        _vpp = vpp;
        _tunnelIP = tunnelIP;
        _port = port == 0 ? VxlanMechanism.DefaultPort : port;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var ethernet = !string.Equals(request.Connection?.Payload, Payloads.IP, StringComparison.Ordinal);
        if (ethernet && !request.MechanismPreferences.Any(m => VxlanMechanism.ToMechanism(m) is not null))
        {
            var preference = VxlanMechanism.New(_tunnelIP);
            VxlanMechanism.ToMechanism(preference)!.SrcPort = _port;
            request.MechanismPreferences.Add(preference);
        }

        var connection = await next.RequestAsync(request, context);
        if (VxlanMechanism.ToMechanism(connection.Mechanism) is not { } vxlan)
        {
            return connection;
        }

        return await VxlanTunnels.SetUpAsync(_vpp, connection, vxlan, context, next, isClient: true, _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await VxlanTunnels.DeleteAsync(_vpp, context, isClient: true, _logger);
        await next.CloseAsync(connection, context);
    }
}
