using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// Creates a remote connection's pod interface after the downstream Request returned: on the NSE's node (the
/// incoming mechanism is REMOTE) the NSE's, from the NSE's KERNEL answer; on the NSC's node (the NSC's KERNEL
/// mechanism, a REMOTE answer from the client half) the NSC's. On the NSE's node it first claims the VNI on the node,
/// or gives the WireGuard mechanism this side's port and key (<c>dst_port</c>, <c>dst_public_key</c>).
/// Close deletes the interface and frees the VNI and the port.
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
        var id = request.Connection?.Id ?? string.Empty;
        Connection conn;
        try
        {
            if (nseSide)
            {
                Prepare(incoming!, id, context);
            }
            else if (KernelMechanism.ToMechanism(incoming) is { } nsc && context.ClientUrl is { Scheme: not ("unix" or "inode") })
            {
                // After a restart of this forwarder: the NSC's pod may have this connection's WireGuard device; the
                // client half then offers its key and port again, so it can be kept.
                await owner.RecoverIdentityAsync(context, KernelVethForwarder.NscSide(request.Connection!, nsc), context.CancellationToken).ConfigureAwait(false);
            }

            conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch
        {
            if (!owner.Has(id))
            {
                await owner.RemoveAsync(id, context).ConfigureAwait(false); // a first Request: free what it took
            }

            throw;
        }

        var metadata = context.MetadataMap(isClient: false);
        var remote = nseSide ? conn.Mechanism ?? incoming : metadata.TryLoad(RemoteForwarder.Answer, out var answer) ? answer : null;
        var kernel = nseSide
            ? (metadata.TryLoad(KernelVethForwarder.NseMechanism, out var nse) ? KernelMechanism.ToMechanism(nse) : null)
            : KernelMechanism.ToMechanism(conn.Mechanism);
        if (remote is null || kernel is null)
        {
            return conn; // not a remote connection of this forwarder
        }

        var side = nseSide ? KernelVethForwarder.NseSide(conn, kernel) : KernelVethForwarder.NscSide(conn, kernel);
        try
        {
            await EnsureAsync(conn, remote, side, nseSide, context).ConfigureAwait(false);
        }
        catch
        {
            await owner.RemoveAsync(conn.Id, context).ConfigureAwait(false);
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
        var remove = owner.RemoveAsync(connection.Id, context);
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

    private static WireGuardKey PeerKey(string text)
    {
        return WireGuardKey.TryParse(text, out var key, out var error)
            ? key!
            : throw new NsmStatusException(StatusCode.InvalidArgument, $"kernel forwarder: the peer's WireGuard public key '{text}' is not one: {error}");
    }

    private static IPAddress PeerIP(IPAddress? ip, string key) =>
        ip ?? throw new NsmStatusException(StatusCode.InvalidArgument, $"kernel forwarder: the remote mechanism has no {key}");

    private void Prepare(Mechanism incoming, string id, NsmContext context)
    {
        if (VxlanMechanism.ToMechanism(incoming) is { } vxlan && !owner.Vnis.TryClaim(vxlan.Vni, id))
        {
            throw new NsmStatusException(StatusCode.AlreadyExists, $"kernel forwarder: vni {vxlan.Vni} is in use on this node");
        }

        if (WireguardMechanism.ToMechanism(incoming) is { } wireGuard)
        {
            // A Request after a restart of this forwarder carries what it advertised before: keep that port, and that
            // key if the device that has it is still there (decided once the NSE has answered).
            var identity = owner.AdvertisedIdentityOf(context, wireGuard.DstPublicKey, wireGuard.DstPort);
            wireGuard.DstPort = (ushort)identity.Port;
            wireGuard.DstPublicKey = context.MetadataMap(isClient: false).TryLoad(RemoteForwarder.Adoptable, out var advertised)
                ? advertised.ToBase64()
                : identity.PrivateKey.PublicKey.ToBase64();
        }
    }

    private async Task EnsureAsync(Connection conn, Mechanism remote, InterfacePlan side, bool nseSide, NsmContext context)
    {
        if (VxlanMechanism.ToMechanism(remote) is { } vxlan)
        {
            var peer = PeerIP(nseSide ? vxlan.SrcIP : vxlan.DstIP, nseSide ? "src_ip" : "dst_ip");
            var device = new VxlanDevice(side, owner.Options.TunnelIP, peer, vxlan.Vni, owner.Options.VxlanPort, Mtu(conn, remote.Type, peer));
            await owner.EnsureAsync(conn.Id, device, context.Logger, context.CancellationToken).ConfigureAwait(false);
            return;
        }

        if (WireguardMechanism.ToMechanism(remote) is { } wireGuard)
        {
            var peer = PeerIP(nseSide ? wireGuard.SrcIP : wireGuard.DstIP, nseSide ? "src_ip" : "dst_ip");
            var metadata = context.MetadataMap(isClient: false);
            var plan = new WireGuardPlan(
                side,
                owner.IdentityOf(context),
                PeerKey(nseSide ? wireGuard.SrcPublicKey : wireGuard.DstPublicKey),
                new IPEndPoint(peer, nseSide ? wireGuard.SrcPort : wireGuard.DstPort),
                Mtu(conn, remote.Type, peer),
                WaitForHandshake: !nseSide)
            {
                AdoptKey = metadata.TryLoadAndDelete(RemoteForwarder.Adoptable, out var advertised) ? advertised : null,
            };
            var used = await owner.EnsureAsync(conn.Id, plan, context.Logger, context.CancellationToken).ConfigureAwait(false);
            metadata.Store(RemoteForwarder.Identity, used);
            if (nseSide)
            {
                // The key of the device in use: the kept one's, or the fresh one's when the advertised device was gone.
                wireGuard.DstPublicKey = used.PrivateKey.PublicKey.ToBase64();
                wireGuard.DstPort = (ushort)used.Port;
            }

            return;
        }

        throw new NsmStatusException(StatusCode.InvalidArgument, $"kernel forwarder: {remote.Type} is not a remote mechanism this forwarder builds");
    }

    // MTU: the context's as answered (the NSE may lower it), at most this node's MTU minus the tunnel overhead.
    private int Mtu(Connection conn, string type, IPAddress peer)
    {
        var cap = owner.Options.Mtu - RemoteMechanismPriority.Overhead(type, peer.AddressFamily == AddressFamily.InterNetworkV6);
        return conn.Context is { MTU: > 0 } c && c.MTU < cap ? (int)c.MTU : cap;
    }

    private Task CloseDownstreamAsync(Connection conn, NsmContext context, NetworkServiceHandler next) =>
        DownstreamClose.BestEffortAsync(conn, context, next, owner.Options.CloseTimeout, owner.Options.Clock, LogCloseDownstreamFailed);

    [LoggerMessage(EventId = 2454, Level = LogLevel.Warning, Message = "kernel forwarder: closing {Id} downstream after a failed tunnel setup failed")]
    private static partial void LogCloseDownstreamFailed(ILogger logger, Exception ex, string id);
}
