using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.WireGuard;

/// <summary>
/// The forwarder's side towards a remote forwarder that calls it over WireGuard (IP payload only): before <c>next</c> it
/// puts this forwarder's tunnel address and port in the mechanism (<c>dst_ip</c>, <c>dst_port</c>); after it, VPP makes a
/// WireGuard interface with a fresh private key (its public key goes back as <c>dst_public_key</c>) and the caller as its
/// peer (<c>src_public_key</c> at <c>src_ip</c>:<c>src_port</c>). The interface is the server side's
/// <see cref="VppInterfaces"/>; Close removes the peer and the interface.
/// </summary>
public sealed class WireGuardServer : INetworkServiceServer
{
    private readonly IVppApi _vpp;
    private readonly IPAddress _tunnelIP;
    private readonly ushort _port;
    private readonly ILogger _logger;

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="tunnelIP">This forwarder's tunnel address.</param>
    /// <param name="port">The UDP port (0: 51820).</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public WireGuardServer(IVppApi vpp, IPAddress tunnelIP, ushort port = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(tunnelIP);
        _vpp = vpp;
        _tunnelIP = tunnelIP;
        _port = port == 0 ? WireguardMechanism.DefaultPort : port;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (WireguardMechanism.ToMechanism(request.Connection?.Mechanism) is { } incoming)
        {
            incoming.DstIP = _tunnelIP;
            incoming.DstPort = _port;
        }

        var connection = await next.RequestAsync(request, context);
        if (WireguardMechanism.ToMechanism(connection.Mechanism) is not { } wireGuard)
        {
            return connection;
        }

        return await DownstreamRollback.SetUpAsync(
            connection,
            context,
            next,
            isClient: false,
            async () =>
            {
                if (wireGuard.SrcIP is not { } remote)
                {
                    throw new NsmStatusException(StatusCode.InvalidArgument, "the WireGuard mechanism lacks src_ip");
                }

                var tunnel = new WireGuardInterfaces.Tunnel(wireGuard.DstIP ?? _tunnelIP, wireGuard.DstPort == 0 ? _port : wireGuard.DstPort, remote,
                    wireGuard.SrcPort == 0 ? WireguardMechanism.DefaultPort : wireGuard.SrcPort, wireGuard.SrcPublicKey);
                await WireGuardInterfaces.EnsureAsync(_vpp, context, isClient: false, tunnel, _logger);
                wireGuard.DstPublicKey = Convert.ToBase64String(WireGuardKeys.PublicKeyOf(WireGuardInterfaces.PrivateKey(context, isClient: false)));
            },
            () => WireGuardInterfaces.DeleteAsync(_vpp, context, isClient: false, _logger),
            _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await WireGuardInterfaces.DeleteAsync(_vpp, context, isClient: false, _logger);
        await next.CloseAsync(connection, context);
    }
}
