using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.L2Xconnect;

/// <summary>
/// Joins the connection's two VPP interfaces at layer 2 after the rest of the chain answered: once both sides stored their
/// sw_if_index (<see cref="VppInterfaces"/>), <c>sw_interface_set_l2_xconnect</c> server → client and client → server (it is
/// one-directional). Close returns both to layer 3 (<c>enable = 0</c>); nothing happens while either side has no interface,
/// nor for an IP-payload connection (<see cref="L3Xconnect.L3XconnectServer"/> joins those).
/// </summary>
/// <param name="vpp">The VPP API.</param>
/// <param name="ipPayloads">
/// Join IP-payload connections too: a passthrough NSE whose two sides are both ethernet interfaces (af_packet on kernel
/// interfaces) passes their frames, ARP included, as the kernel firewall's bridge does.
/// </param>
public sealed class L2XconnectServer(IVppApi vpp, bool ipPayloads = false) : INetworkServiceServer
{
    private const string Element = "l2xconnect";
    private static readonly NsmContextKey<uint[]> ConnectedKey = new("vpp.l2xconnect.rx");
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(ConnectedKey, out var rxs))
        {
            foreach (var rx in rxs)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct => SetAsync(rx, 0, enable: false, ct));
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        if ((connection.Payload == "IP" && !ipPayloads) || !VppInterfaces.TryLoad(context, isClient: false, out var server) || !VppInterfaces.TryLoad(context, isClient: true, out var client))
        {
            return;
        }

        var map = context.MetadataMap(isClient: false);
        if (map.TryLoad(ConnectedKey, out var before) && before.Length == 2 && before[0] == server && before[1] == client)
        {
            return;
        }

        await SetAsync(server, client, enable: true, cancellationToken);
        map.Store(ConnectedKey, [server]);
        await SetAsync(client, server, enable: true, cancellationToken);
        map.Store(ConnectedKey, [server, client]);
    }

    private Task<SwInterfaceSetL2XconnectReply> SetAsync(uint rx, uint tx, bool enable, CancellationToken cancellationToken) =>
        _vpp.RequestAsync<SwInterfaceSetL2Xconnect, SwInterfaceSetL2XconnectReply>(
            new SwInterfaceSetL2Xconnect { RxSwIfIndex = rx, TxSwIfIndex = tx, Enable = enable }, cancellationToken);
}
