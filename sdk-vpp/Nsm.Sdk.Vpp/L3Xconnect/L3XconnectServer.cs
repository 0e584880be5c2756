using System.Net;
using System.Net.Sockets;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.L3xc;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.L3Xconnect;

/// <summary>
/// Joins an IP-payload connection's two VPP interfaces at layer 3 (upstream's <c>l3xconnect</c>, the l3xc plugin) after the
/// rest of the chain answered: for each interface and each IP family one <c>l3xc_update</c> whose single path leaves
/// through the other interface, towards the NSC's first address of that family (traffic from the NSE side) or the NSE's
/// (traffic from the NSC side); without such an address the path names the interface only. Ethernet-payload connections
/// are left to <see cref="L2Xconnect.L2XconnectServer"/>. Close removes all four (<c>l3xc_del</c>).
/// </summary>
/// <param name="vpp">The VPP API.</param>
public sealed class L3XconnectServer(IVppApi vpp) : INetworkServiceServer
{
    private const string Element = "l3xconnect";
    private const string PayloadIP = "IP";
    private static readonly NsmContextKey<uint[]> ConnectedKey = new("vpp.l3xconnect.interfaces");
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
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(ConnectedKey, out var interfaces))
        {
            foreach (var swIfIndex in interfaces)
            {
                foreach (var ip6 in new[] { false, true })
                {
                    await VppElement.CleanUpAsync(context, Element, connection.Id, ct =>
                        _vpp.RequestAsync<L3xcDel, L3xcDelReply>(new L3xcDel { SwIfIndex = swIfIndex, IsIp6 = ip6 }, ct));
                }
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        if (connection.Payload != PayloadIP
            || !VppInterfaces.TryLoad(context, isClient: false, out var server)
            || !VppInterfaces.TryLoad(context, isClient: true, out var client))
        {
            return;
        }

        var ip = connection.Context?.IpContext;
        var nsc = ip.GetSrcIPNets().Select(n => n.IPAddress).ToList();
        var nse = ip.GetDstIPNets().Select(n => n.IPAddress).ToList();
        var map = context.MetadataMap(isClient: false);
        map.Store(ConnectedKey, [client, server]);
        foreach (var ip6 in new[] { false, true })
        {
            await UpdateAsync(client, server, First(nsc, ip6), ip6, cancellationToken);
            await UpdateAsync(server, client, First(nse, ip6), ip6, cancellationToken);
        }
    }

    private static IPAddress? First(IEnumerable<IPAddress> addresses, bool ip6) =>
        addresses.FirstOrDefault(a => a.AddressFamily == (ip6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork));

    private Task<L3xcUpdateReply> UpdateAsync(uint from, uint to, IPAddress? nextHop, bool ip6, CancellationToken cancellationToken)
    {
        var path = nextHop is null
            ? new FibPath { SwIfIndex = to, Proto = ip6 ? FibPathNhProto.Ip6 : FibPathNhProto.Ip4, NextHop = ip6 ? IPAddress.IPv6Any : IPAddress.Any }
            : FibPath.Via(nextHop, to);
        return _vpp.RequestAsync<L3xcUpdate, L3xcUpdateReply>(new L3xcUpdate { L3xc = new L3xcEntry { SwIfIndex = from, IsIp6 = ip6, Paths = [path] } }, cancellationToken);
    }
}
