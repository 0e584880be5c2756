using System.Net;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Vxlan;

namespace Nsm.Sdk.Vpp.Vxlan;

/// <summary>
/// One side's VXLAN tunnel in VPP (<c>vxlan_add_del_tunnel_v3</c>, L2, <c>instance</c>, <c>mcast_sw_if_index</c> and
/// <c>decap_next_index</c> ~0, both UDP ports this side's port); deleted with the same message, <c>is_add = 0</c>, and
/// the same addresses and VNI.
/// </summary>
internal static class VxlanTunnels
{
    private static readonly NsmContextKey<Tunnel> ServerKey = new("vpp.vxlan.server");
    private static readonly NsmContextKey<Tunnel> ClientKey = new("vpp.vxlan.client");

    public static Tunnel? From(VxlanMechanism vxlan, bool isClient)
    {
        var (local, remote, port) = isClient ? (vxlan.SrcIP, vxlan.DstIP, vxlan.SrcPort) : (vxlan.DstIP, vxlan.SrcIP, vxlan.DstPort);
        return local is null || remote is null ? null : new Tunnel(local, remote, port == 0 ? VxlanMechanism.DefaultPort : port, vxlan.Vni);
    }

    /// <summary>Creates the tunnel (the same tunnel again is a no-op; another one replaces it).</summary>
    /// <summary>
    /// One side's tunnel after the rest of the chain answered with a VXLAN mechanism (the client and server elements differ
    /// only in the side): made once, and on its first Request a failure closes the rest of the chain.
    /// </summary>
    public static Task<Connection> SetUpAsync(IVppApi vpp, Connection connection, VxlanMechanism vxlan, NsmContext context, NetworkServiceHandler next, bool isClient, ILogger logger) =>
        DownstreamRollback.SetUpAsync(
            connection,
            context,
            next,
            isClient,
            async () =>
            {
                var tunnel = From(vxlan, isClient)
                    ?? throw new NsmStatusException(Grpc.Core.StatusCode.InvalidArgument, "the VXLAN mechanism lacks src_ip or dst_ip");
                await EnsureAsync(vpp, context, isClient, tunnel, logger);
            },
            null,
            logger);

    public static async Task EnsureAsync(IVppApi vpp, NsmContext context, bool isClient, Tunnel tunnel, ILogger logger)
    {
        var metadata = context.MetadataMap(isClient);
        if (metadata.TryLoad(Key(isClient), out var existing))
        {
            if (existing.Equals(tunnel))
            {
                return;
            }

            await DeleteAsync(vpp, context, isClient, logger);
        }

        var reply = await VppCall.RequestAsync<VxlanAddDelTunnelV3, VxlanAddDelTunnelV3Reply>(vpp, tunnel.ToRequest(isAdd: true), context.CancellationToken);
        metadata.Store(Key(isClient), tunnel);
        VppInterfaces.Store(context, isClient, reply.SwIfIndex);
    }

    /// <summary>Deletes the tunnel this side made, if any (Close is idempotent).</summary>
    public static async Task DeleteAsync(IVppApi vpp, NsmContext context, bool isClient, ILogger logger)
    {
        if (!context.MetadataMap(isClient).TryLoadAndDelete(Key(isClient), out var tunnel))
        {
            return;
        }

        VppInterfaces.TryLoadAndDelete(context, isClient, out _);
        await VppCall.UndoAsync(logger, "vxlan_add_del_tunnel_v3", () =>
            VppCall.RequestAsync<VxlanAddDelTunnelV3, VxlanAddDelTunnelV3Reply>(vpp, tunnel.ToRequest(isAdd: false), CancellationToken.None));
    }

    private static NsmContextKey<Tunnel> Key(bool isClient) => isClient ? ClientKey : ServerKey;

    internal sealed record Tunnel(IPAddress Local, IPAddress Remote, ushort Port, uint Vni)
    {
        public VxlanAddDelTunnelV3 ToRequest(bool isAdd) => new()
        {
            IsAdd = isAdd,
            SrcAddress = Local,
            DstAddress = Remote,
            SrcPort = Port,
            DstPort = Port,
            Vni = Vni,
        };
    }
}
