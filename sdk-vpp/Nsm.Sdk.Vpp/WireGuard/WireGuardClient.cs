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
/// The forwarder's side towards a remote forwarder over WireGuard (IP payload only): it offers a <c>REMOTE</c>/<c>WIREGUARD</c>
/// preference with this forwarder's tunnel address, port and a public key (its private key is made once per connection),
/// and when the next hop answers with <c>WIREGUARD</c>, VPP makes the interface with that private key and the next hop as
/// its peer (<c>dst_public_key</c> at <c>dst_ip</c>:<c>dst_port</c>). The interface is the client side's
/// <see cref="VppInterfaces"/>; Close removes the peer and the interface, then closes the rest of the chain.
/// </summary>
public sealed class WireGuardClient : INetworkServiceClient
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
    public WireGuardClient(IVppApi vpp, IPAddress tunnelIP, ushort port = 0, ILogger? logger = null)
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
        var ip = string.Equals(request.Connection?.Payload, Payloads.IP, StringComparison.Ordinal);
        if (ip && !request.MechanismPreferences.Any(m => WireguardMechanism.ToMechanism(m) is not null))
        {
            var publicKey = Convert.ToBase64String(WireGuardKeys.PublicKeyOf(WireGuardInterfaces.PrivateKey(context, isClient: true)));
            var preference = WireguardMechanism.New(_tunnelIP, publicKey);
            WireguardMechanism.ToMechanism(preference)!.SrcPort = _port;
            request.MechanismPreferences.Add(preference);
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
            isClient: true,
            async () =>
            {
                if (wireGuard.DstIP is not { } remote)
                {
                    throw new NsmStatusException(StatusCode.InvalidArgument, "the WireGuard mechanism lacks dst_ip");
                }

                var tunnel = new WireGuardInterfaces.Tunnel(wireGuard.SrcIP ?? _tunnelIP, wireGuard.SrcPort == 0 ? _port : wireGuard.SrcPort, remote,
                    wireGuard.DstPort == 0 ? WireguardMechanism.DefaultPort : wireGuard.DstPort, wireGuard.DstPublicKey);
                await WireGuardInterfaces.EnsureAsync(_vpp, context, isClient: true, tunnel, _logger);
            },
            () => WireGuardInterfaces.DeleteAsync(_vpp, context, isClient: true, _logger),
            _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await WireGuardInterfaces.DeleteAsync(_vpp, context, isClient: true, _logger);
        await next.CloseAsync(connection, context);
    }
}
