using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Vpp.AfPacket;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.KernelVethPair;

/// <summary>
/// One side's KERNEL interface through VPP (upstream's <c>kernelvethpair</c>: vethpair, then af_packet): a veth pair whose pod
/// end is the mechanism's interface (with the side's addresses and routes) and whose other end, in VPP's namespace, VPP
/// reads with af_packet. Checksum offload is off on both ends, so TCP and UDP leave VPP with whole checksums.
/// </summary>
internal sealed partial class KernelVethPairCore
{
    private const string Element = "kernel";
    private const string PayloadIP = "IP";
    private static readonly NsmContextKey<PairState> ClientState = new("vpp.kernel-veth.client");
    private static readonly NsmContextKey<PairState> ServerState = new("vpp.kernel-veth.server");
    private static readonly NsmContextKey<MacAddress> ClientPodMac = new("vpp.kernel-veth.client-pod-mac");
    private static readonly NsmContextKey<MacAddress> ServerPodMac = new("vpp.kernel-veth.server-pod-mac");
    private readonly IVppApi _vpp;
    private readonly KernelVethPairOptions _options;
    private readonly bool _isClient;

    public KernelVethPairCore(IVppApi vpp, KernelVethPairOptions? options, bool isClient)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _options = options ?? new KernelVethPairOptions();
        _options.Validate();
        _isClient = isClient;
    }

    private NsmContextKey<PairState> StateKey => _isClient ? ClientState : ServerState;

    /// <summary>
    /// The MAC of this side's pod interface, for VPP's static neighbours of an IP-payload connection (so VPP never ARPs the
    /// pod); null for an ethernet payload, whose frames VPP cross-connects at layer 2.
    /// </summary>
    public static MacAddress? PodMac(NsmContext context, Connection connection, bool isClient) =>
        connection.Payload == PayloadIP && context.MetadataMap(isClient).TryLoad(isClient ? ClientPodMac : ServerPodMac, out var mac) ? mac : null;

    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        request.Connection ??= new Connection();
        if (_isClient && !request.MechanismPreferences.Any(m => KernelMechanism.ToMechanism(m) is not null))
        {
            request.MechanismPreferences.Add(KernelMechanism.New(KernelMechanism.ThreadSelfNetNSUrl));
        }

        if (!_isClient && request.Connection.Context is not { MTU: > 0 })
        {
            request.Connection.Context ??= new ConnectionContext();
            request.Connection.Context.MTU = (uint)_options.DefaultMtu;
        }

        var connection = await next.RequestAsync(request, context);
        if (KernelMechanism.ToMechanism(connection.Mechanism) is not { } kernel)
        {
            return connection;
        }

        var pod = _isClient ? KernelVethForwarder.NseSide(connection, kernel) : KernelVethForwarder.NscSide(connection, kernel);
        var ip = connection.Context?.IpContext;
        var peers = connection.Payload == PayloadIP ? (_isClient ? ip.GetSrcIPNets() : ip.GetDstIPNets()).Select(p => p.IPAddress).ToArray() : [];
        var wanted = new PairState(pod, VppEndName(connection.Id), connection.Context is { MTU: > 0 } c ? (int)c.MTU : _options.DefaultMtu, peers);
        var map = context.MetadataMap(_isClient);
        if (map.TryLoad(StateKey, out var existing))
        {
            if (existing == wanted)
            {
                return connection;
            }

            await RemoveAsync(existing, context, connection.Id);
            map.Delete(StateKey);
            VppInterfaces.TryLoadAndDelete(context, _isClient, out _);
        }

        return await DownstreamRollback.SetUpAsync(
            connection,
            context,
            next,
            _isClient,
            async () =>
            {
                var swIfIndex = await CreateAsync(wanted, context, connection.Id);
                map.Store(StateKey, wanted);
                VppInterfaces.Store(context, _isClient, swIfIndex);
            },
            null,
            context.Logger);
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(_isClient).TryLoadAndDelete(StateKey, out var state))
        {
            VppInterfaces.TryLoadAndDelete(context, _isClient, out _);
            await RemoveAsync(state, context, connection.Id);
        }

        await next.CloseAsync(connection, context);
    }

    /// <summary>A name unique per connection and side (15 bytes at most), so pairs of several connections never collide.</summary>
    internal string VppEndName(string connectionId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes((_isClient ? "c/" : "s/") + connectionId));
        return "vpp" + Convert.ToHexStringLower(hash)[..12];
    }

    private NetNs OpenVppNamespace() => _options.VppNetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    private async Task<uint> CreateAsync(PairState state, NsmContext context, string connectionId)
    {
        var ct = context.CancellationToken;
        VethPairConfig? config = null;
        NetNs? podNs = null;
        NetNs? vppNs = null;
        try
        {
            podNs = NetNs.OpenFromUrl(state.Pod.NetNSUrl);
            vppNs = OpenVppNamespace();
            config = Config(state, podNs, vppNs);
            LinkInfo podEnd, vppEnd;
            try
            {
                (podEnd, vppEnd) = await VethPairConfigurator.CreateAsync(config, ct);
            }
            catch (NetlinkException e) when (e.IsAlreadyExists)
            {
                // A pair left from an earlier life of this connection (e.g. a forwarder restart): replace it.
                await VethPairConfigurator.RemoveAsync(config, ct);
                (podEnd, vppEnd) = await VethPairConfigurator.CreateAsync(config, ct);
            }

            if (state.PeerAddresses.Count > 0 && vppEnd.Mac is { } vppMac)
            {
                // IP payload: VPP routes (l3xc), so the pod reaches its peers at VPP's MAC without ARP (upstream's ipneighbors).
                using var nl = await podNs.OpenNetlinkAsync(ct);
                foreach (var peer in state.PeerAddresses)
                {
                    await nl.ReplaceNeighborAsync(new Neighbor(state.Pod.Name, peer, vppMac), ct);
                }
            }

            if (podEnd.Mac is { } podMac)
            {
                context.MetadataMap(_isClient).Store(_isClient ? ClientPodMac : ServerPodMac, new MacAddress(podMac.GetAddressBytes()));
            }

            await ChecksumOffload.DisableAsync(podNs, state.Pod.Name, ct);
            await ChecksumOffload.DisableAsync(vppNs, state.VppEnd, ct);
            MacAddress? mac = vppEnd.Mac is { } m ? new MacAddress(m.GetAddressBytes()) : null;
            var swIfIndex = await AfPacketCore.CreateAsync(_vpp, state.VppEnd, mac, _options.FrameSize, ct);
            LogCreated(context.Logger, connectionId, state.Pod.Name, state.Pod.NetNSUrl, state.VppEnd, swIfIndex, state.Mtu);
            return swIfIndex;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (config is not null)
            {
                await TryRemoveVethAsync(config, context, connectionId);
            }

            throw e is KernelException or IOException or UnauthorizedAccessException or ArgumentException
                ? new NsmStatusException(StatusCode.Internal, $"{Element}: veth {state.Pod.Name} ({state.Pod.NetNSUrl}) <-> {state.VppEnd} (VPP) failed: {e.Message}", e)
                : VppElement.ToStatus(Element, e);
        }
        finally
        {
            podNs?.Dispose();
            vppNs?.Dispose();
        }
    }

    private async Task RemoveAsync(PairState state, NsmContext context, string connectionId)
    {
        await AfPacketCore.DeleteAsync(_vpp, context, Element, connectionId, state.VppEnd);
        NetNs? podNs = null;
        try
        {
            podNs = NetNs.OpenFromUrl(state.Pod.NetNSUrl);
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The pod is gone, and its end with it: the VPP end goes below.
        }

        using var vppNs = OpenVppNamespace();
        using (podNs)
        {
            await TryRemoveVethAsync(Config(state, podNs ?? vppNs, vppNs), context, connectionId);
        }
    }

    private static VethPairConfig Config(PairState state, NetNs podNs, NetNs vppNs) => new(
        new VethEndConfig(podNs, state.Pod.Name) { Addresses = state.Pod.Addresses, Routes = state.Pod.Routes },
        new VethEndConfig(vppNs, state.VppEnd),
        state.Mtu);

    private static async Task TryRemoveVethAsync(VethPairConfig config, NsmContext context, string connectionId)
    {
        try
        {
            await VethPairConfigurator.RemoveAsync(config, CancellationToken.None);
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException)
        {
            VppElementLog.CleanUpFailed(context.Logger, Element, connectionId, e.Message);
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "kernel: connection {ConnectionId}: {PodInterface} in {NetNS} <-> {VppEnd} (VPP sw_if_index {SwIfIndex}), MTU {Mtu}")]
    private static partial void LogCreated(ILogger logger, string connectionId, string podInterface, string netNS, string vppEnd, uint swIfIndex, int mtu);

    /// <summary>The veth core as the next handler of an element in front of it (the static neighbours).</summary>
    internal sealed class Then(KernelVethPairCore core, NetworkServiceHandler next) : NetworkServiceHandler
    {
        public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context) => core.RequestAsync(request, context, next);

        public override ValueTask CloseAsync(Connection connection, NsmContext context) => core.CloseAsync(connection, context, next);
    }

    /// <summary>What one side made: the pod's interface, VPP's end of the pair and the MTU.</summary>
    private sealed record PairState(InterfacePlan Pod, string VppEnd, int Mtu, IReadOnlyList<System.Net.IPAddress> PeerAddresses)
    {
        public bool Equals(PairState? other) =>
            other is not null && Pod == other.Pod && VppEnd == other.VppEnd && Mtu == other.Mtu && PeerAddresses.SequenceEqual(other.PeerAddresses);

        public override int GetHashCode() => HashCode.Combine(Pod, VppEnd, Mtu);
    }
}
