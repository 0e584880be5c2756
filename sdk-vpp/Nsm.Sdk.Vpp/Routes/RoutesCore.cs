using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Routes;

/// <summary>
/// Adds one side's routes (<see cref="RoutePlan"/>) through its VPP interface (<c>ip_route_add_del</c>, table 0, one path of
/// weight 1). What it added is kept in the metadata: a refresh adds the new and removes the stale, Close removes them all.
/// </summary>
internal sealed class RoutesCore(IVppApi vpp, bool isClient)
{
    private const string Element = "routes";
    private static readonly NsmContextKey<RouteEntry[]> AddedKey = new("vpp.routes.added");
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient).TryLoadAndDelete(AddedKey, out var added) && VppInterfaces.TryLoad(context, isClient, out var swIfIndex))
        {
            foreach (var route in added)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct => SetAsync(swIfIndex, route, isAdd: false, ct));
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var wanted = RoutePlan.For(connection.Context?.IpContext, isClient);
        var map = context.MetadataMap(isClient);
        var added = map.TryLoad(AddedKey, out var before) ? [.. before] : new List<RouteEntry>();
        if (!VppInterfaces.TryLoad(context, isClient, out var swIfIndex))
        {
            if (wanted.Count > 0)
            {
                VppElementLog.NoInterface(context.Logger, Element, connection.Id, isClient ? "client" : "server");
            }

            return;
        }

        foreach (var stale in added.Except(wanted).ToList())
        {
            await SetAsync(swIfIndex, stale, isAdd: false, cancellationToken);
            added.Remove(stale);
            map.Store(AddedKey, [.. added]);
        }

        foreach (var route in wanted.Except(added).ToList())
        {
            await SetAsync(swIfIndex, route, isAdd: true, cancellationToken);
            added.Add(route);
            map.Store(AddedKey, [.. added]);
        }
    }

    private Task<IpRouteAddDelReply> SetAsync(uint swIfIndex, RouteEntry route, bool isAdd, CancellationToken cancellationToken)
    {
        var ip6 = route.Prefix.Address.Family == VppAddressFamily.Ip6;
        var path = new FibPath
        {
            SwIfIndex = swIfIndex,
            Weight = 1,
            Type = FibPathType.Normal,
            Proto = ip6 ? FibPathNhProto.Ip6 : FibPathNhProto.Ip4,
            NextHop = route.NextHop ?? (ip6 ? IPAddress.IPv6Any : IPAddress.Any),
        };
        var message = new IpRouteAddDel { IsAdd = isAdd, Route = new IpRoute { Prefix = route.Prefix, Paths = [path] } };
        return _vpp.RequestAsync<IpRouteAddDel, IpRouteAddDelReply>(message, cancellationToken);
    }
}
