using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// Creates a remote connection's pod interface after the downstream Request returned: on the NSE's node (the
/// incoming mechanism is REMOTE) the NSE's, from the NSE's KERNEL answer; on the NSC's node (the NSC's KERNEL
/// mechanism, a REMOTE answer from the client half) the NSC's. Close deletes it and frees its VNI.
/// </summary>
internal sealed partial class RemoteServer(RemoteForwarder owner) : INetworkServiceServer
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var incoming = request.Connection?.Mechanism;
        var nseSide = incoming is { Cls: Cls.Remote };
        if (nseSide && VxlanMechanism.ToMechanism(incoming) is { } offered && !owner.Vnis.TryClaim(offered.Vni, request.Connection!.Id))
        {
            throw new NsmStatusException(StatusCode.AlreadyExists, $"kernel forwarder: vni {offered.Vni} is in use on this node");
        }

        Connection conn;
        try
        {
            conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch
        {
            if (nseSide)
            {
                owner.Vnis.Release(request.Connection!.Id);
            }

            throw;
        }

        var metadata = context.MetadataMap(isClient: false);
        VxlanDevice? device;
        if (nseSide)
        {
            device = metadata.TryLoad(KernelVethForwarder.NseMechanism, out var nse) && KernelMechanism.ToMechanism(nse) is { } kernel
                ? NseDevice(conn, VxlanMechanism.ToMechanism(conn.Mechanism ?? incoming), kernel)
                : null;
        }
        else
        {
            device = metadata.TryLoad(RemoteForwarder.Answer, out var answer) && KernelMechanism.ToMechanism(conn.Mechanism) is { } kernel
                ? NscDevice(conn, VxlanMechanism.ToMechanism(answer), kernel)
                : null;
        }

        if (device is null)
        {
            return conn; // not a remote connection of this forwarder
        }

        try
        {
            await owner.EnsureAsync(conn.Id, device, context.Logger, context.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await owner.RemoveAsync(conn.Id, context.Logger).ConfigureAwait(false);
            await CloseDownstreamAsync(conn, context, next).ConfigureAwait(false);
            throw;
        }

        return conn;
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remove = owner.RemoveAsync(connection.Id, context.Logger);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            context.MetadataMap(isClient: false).Delete(RemoteForwarder.Answer);
            await remove.ConfigureAwait(false);
        }
    }

    private VxlanDevice? NseDevice(Connection conn, VxlanMechanism? vxlan, KernelMechanism nse) =>
        vxlan is { SrcIP: { } peer } ? Device(conn, KernelVethForwarder.NseSide(conn, nse), peer, vxlan) : null;

    private VxlanDevice? NscDevice(Connection conn, VxlanMechanism? vxlan, KernelMechanism nsc) =>
        vxlan is { DstIP: { } peer } ? Device(conn, KernelVethForwarder.NscSide(conn, nsc), peer, vxlan) : null;

    // MTU: the context's as answered (the NSE may lower it), at most this node's MTU minus the tunnel overhead.
    private VxlanDevice Device(Connection conn, InterfacePlan side, IPAddress peer, VxlanMechanism vxlan)
    {
        var options = owner.Options;
        var cap = options.Mtu - RemoteMechanismPriority.Overhead(VxlanMechanism.MechanismType, peer.AddressFamily == AddressFamily.InterNetworkV6);
        var mtu = conn.Context is { MTU: > 0 } c && c.MTU < cap ? (int)c.MTU : cap;
        return new VxlanDevice(side, options.TunnelIP, peer, vxlan.Vni, options.VxlanPort, mtu);
    }

    private async Task CloseDownstreamAsync(Connection conn, NsmContext context, NetworkServiceHandler next)
    {
        using var cts = new CancellationTokenSource(owner.Options.CloseTimeout, owner.Options.Clock);
        try
        {
            await next.CloseAsync(conn, context.Fork(null, cts.Token)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogCloseDownstreamFailed(context.Logger, ex, conn.Id);
        }
    }

    [LoggerMessage(EventId = 2454, Level = LogLevel.Warning, Message = "kernel forwarder: closing {Id} downstream after a failed tunnel setup failed")]
    private static partial void LogCloseDownstreamFailed(ILogger logger, Exception ex, string id);
}
