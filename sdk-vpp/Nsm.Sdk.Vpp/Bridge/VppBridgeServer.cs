using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Bridge;

/// <summary>
/// Puts the server side's VPP interface (<see cref="VppInterfaces"/>) into its network service's bridge domain after the
/// rest of the chain answered, once per connection (<see cref="VppBridgeSegments.AcquireAsync"/>, then
/// <c>sw_interface_set_l2_bridge</c>), so every client of the service shares one L2 segment (with the uplink, when there
/// is one). Close takes the interface out (<c>enable = 0</c>) and releases the segment (the last Close removes it).
/// </summary>
/// <param name="vpp">The NSE's VPP.</param>
/// <param name="segments">The bridge domains, one per service.</param>
public sealed class VppBridgeServer(IVppApi vpp, VppBridgeSegments segments) : INetworkServiceServer
{
    private const string Element = "bridge";
    private static readonly NsmContextKey<Joined> JoinedKey = new("vpp.bridge.joined");
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
    private readonly VppBridgeSegments _segments = segments ?? throw new ArgumentNullException(nameof(segments));

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(JoinedKey, out var joined))
        {
            if (joined.Port)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct => _vpp.RequestAsync<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(
                    new SwInterfaceSetL2Bridge { RxSwIfIndex = joined.SwIfIndex, BdId = joined.BridgeId, Enable = false }, ct));
            }

            await _segments.ReleaseAsync(joined.Service);
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var map = context.MetadataMap(isClient: false);
        if (map.TryLoad(JoinedKey, out _))
        {
            return;
        }

        if (!VppInterfaces.TryLoad(context, isClient: false, out var swIfIndex))
        {
            VppElementLog.NoInterface(context.Logger, Element, connection.Id, "server");
            return;
        }

        var bridge = await _segments.AcquireAsync(connection.NetworkService, cancellationToken);
        var joined = new Joined(connection.NetworkService, bridge, swIfIndex);
        map.Store(JoinedKey, joined);
        joined.Port = true;
        await _vpp.RequestAsync<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(
            new SwInterfaceSetL2Bridge { RxSwIfIndex = swIfIndex, BdId = bridge, PortType = L2PortType.Normal, Enable = true }, cancellationToken);
    }

    /// <summary>What the element made for a connection.</summary>
    private sealed class Joined(string service, uint bridgeId, uint swIfIndex)
    {
        public string Service { get; } = service;

        public uint BridgeId { get; } = bridgeId;

        public uint SwIfIndex { get; } = swIfIndex;

        /// <summary>Gets or sets whether the interface was (or may have been) put into the bridge.</summary>
        public bool Port { get; set; }
    }
}
