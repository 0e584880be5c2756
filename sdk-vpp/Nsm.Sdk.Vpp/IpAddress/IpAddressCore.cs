using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.IpAddress;

/// <summary>
/// Puts one side's addresses on its VPP interface: the server side (the NSE's own interface) gets the Dst addresses, the
/// client side (the NSC's own) the Src addresses, as upstream's sdk-vpp. What it added is kept in the metadata, so a refresh
/// adds the new and removes the stale ones, and Close removes exactly those.
/// </summary>
internal sealed class IpAddressCore(IVppApi vpp, bool isClient)
{
    private const string Element = "ipaddress";
    private static readonly NsmContextKey<VppPrefix[]> AddedKey = new("vpp.ipaddress.added");
    private readonly IVppApi _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var map = context.MetadataMap(isClient);
        if (map.TryLoadAndDelete(AddedKey, out var added) && VppInterfaces.TryLoad(context, isClient, out var swIfIndex))
        {
            foreach (var prefix in added)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct => SetAsync(swIfIndex, prefix, isAdd: false, ct));
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var ip = connection.Context?.IpContext;
        var wanted = (isClient ? ip?.SrcIpAddrs : ip?.DstIpAddrs)?.Select(VppPrefix.Parse).Distinct().ToList() ?? [];
        var map = context.MetadataMap(isClient);
        var added = map.TryLoad(AddedKey, out var before) ? [.. before] : new List<VppPrefix>();
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

        foreach (var prefix in wanted.Except(added).ToList())
        {
            await SetAsync(swIfIndex, prefix, isAdd: true, cancellationToken);
            added.Add(prefix);
            map.Store(AddedKey, [.. added]);
        }
    }

    private Task<SwInterfaceAddDelAddressReply> SetAsync(uint swIfIndex, VppPrefix prefix, bool isAdd, CancellationToken cancellationToken) =>
        _vpp.RequestAsync<SwInterfaceAddDelAddress, SwInterfaceAddDelAddressReply>(
            new SwInterfaceAddDelAddress { SwIfIndex = swIfIndex, IsAdd = isAdd, Prefix = prefix }, cancellationToken);
}
