using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.IpNeighbors;

/// <summary>
/// Adds static neighbours on one side's VPP interface so VPP never ARPs/NDs the peer behind it: each peer address (server
/// side: the Src addresses, the NSC's; client side: the Dst addresses, the NSE's) → the peer's MAC, as upstream's
/// kernelvethpair ipneighbor. What it added is kept in the metadata; a refresh swaps stale entries, Close deletes them.
/// </summary>
internal sealed class IpNeighborsCore
{
    private const string Element = "ipneighbors";
    private static readonly NsmContextKey<Neighbor[]> AddedKey = new("vpp.ipneighbors.added");
    private readonly IVppApi _vpp;
    private readonly Func<NsmContext, Connection, MacAddress?> _peerHardwareAddress;
    private readonly bool _isClient;

    public IpNeighborsCore(IVppApi vpp, Func<Connection, MacAddress?> peerHardwareAddress, bool isClient)
        : this(vpp, Of(peerHardwareAddress), isClient)
    {
    }

    /// <summary>For elements that keep the peer's MAC in the connection's metadata (the kernel mechanism's veth pair).</summary>
    public IpNeighborsCore(IVppApi vpp, Func<NsmContext, Connection, MacAddress?> peerHardwareAddress, bool isClient)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _peerHardwareAddress = peerHardwareAddress ?? throw new ArgumentNullException(nameof(peerHardwareAddress));
        _isClient = isClient;
    }

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(_isClient).TryLoadAndDelete(AddedKey, out var added) && VppInterfaces.TryLoad(context, _isClient, out var swIfIndex))
        {
            foreach (var neighbor in added)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct => SetAsync(swIfIndex, neighbor, isAdd: false, ct));
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        if (!VppInterfaces.TryLoad(context, _isClient, out var swIfIndex))
        {
            return;
        }

        var ip = connection.Context?.IpContext;
        var peers = (_isClient ? ip?.DstIpAddrs : ip?.SrcIpAddrs) ?? [];
        var wanted = _peerHardwareAddress(context, connection) is { } mac
            ? peers.Select(p => new Neighbor(VppPrefix.Parse(p).Address, mac)).Distinct().ToList()
            : [];
        var map = context.MetadataMap(_isClient);
        var added = map.TryLoad(AddedKey, out var before) ? [.. before] : new List<Neighbor>();
        foreach (var stale in added.Except(wanted).ToList())
        {
            await SetAsync(swIfIndex, stale, isAdd: false, cancellationToken);
            added.Remove(stale);
            map.Store(AddedKey, [.. added]);
        }

        foreach (var neighbor in wanted.Except(added).ToList())
        {
            await SetAsync(swIfIndex, neighbor, isAdd: true, cancellationToken);
            added.Add(neighbor);
            map.Store(AddedKey, [.. added]);
        }
    }

    private static Func<NsmContext, Connection, MacAddress?> Of(Func<Connection, MacAddress?> peerHardwareAddress)
    {
        ArgumentNullException.ThrowIfNull(peerHardwareAddress);
        return (_, connection) => peerHardwareAddress(connection);
    }

    private Task<IpNeighborAddDelReply> SetAsync(uint swIfIndex, Neighbor neighbor, bool isAdd, CancellationToken cancellationToken) =>
        _vpp.RequestAsync<IpNeighborAddDel, IpNeighborAddDelReply>(
            new IpNeighborAddDel
            {
                IsAdd = isAdd,
                Neighbor = new Nsm.Vpp.Messages.Types.IpNeighbor { SwIfIndex = swIfIndex, Flags = IpNeighborFlags.Static, MacAddress = neighbor.Mac, IpAddress = neighbor.Address },
            },
            cancellationToken);

    private sealed record Neighbor(VppAddress Address, MacAddress Mac);
}
