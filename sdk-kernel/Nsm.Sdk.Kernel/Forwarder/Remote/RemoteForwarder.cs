using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.FilterMechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// The remote halves of the kernel forwarder: connections whose NSC and NSE live on two nodes, joined by one tunnel
/// device per connection (VXLAN, or WireGuard for IP payloads: the kernel's where the node has it, else <c>wireguard-go</c>
/// where it is installed), made by the forwarder on each node in its pod's namespace. A restarted forwarder keeps the
/// devices it made before (found by their pod interfaces' aliases) when the refreshed Request still describes them.
/// On the NSC's node the client half offers REMOTE preferences to a remote next hop (in
/// <see cref="RemoteForwarderOptions.Priority"/> order, by payload) and the server half creates the NSC's interface
/// from the server's answer; on the NSE's node the server half selects a mechanism, completes it (<c>dst_*</c>, VNI)
/// and creates the NSE's interface once the NSE answered. Put <see cref="ServerElements"/> after
/// <see cref="KernelVethForwarder.Server"/> and <see cref="ClientElements"/> after <see cref="KernelVethForwarder.Client"/>.
/// </summary>
public sealed partial class RemoteForwarder
{
    /// <summary>The REMOTE mechanism the next hop answered (client half to server half).</summary>
    internal static readonly NsmContextKey<Mechanism> Answer = new("remote.answer");

    /// <summary>This side's WireGuard key and port of a connection (kept across refreshes, freed on Close).</summary>
    internal static readonly NsmContextKey<WireGuardIdentity> Identity = new("remote.wireguard-identity");

    /// <summary>The public key this side advertised before a restart, to keep the device that has it (server half: Request to EnsureAsync).</summary>
    internal static readonly NsmContextKey<WireGuardKey> Adoptable = new("remote.wireguard-adoptable");

    private const int MaxPortTries = 16;
    private readonly ConcurrentDictionary<string, Tunnel> _tunnels = new(StringComparer.Ordinal);
    private readonly WireGuardDevices? _wireGuard;

    /// <summary>Initializes the elements.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger of the WireGuard devices; none when null.</param>
    public RemoteForwarder(RemoteForwarderOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Available = new HashSet<string>([VxlanMechanism.MechanismType], StringComparer.Ordinal);
        if (options.WireGuard is { } wireGuard && (ExecutableOnPath(wireGuard.WireGuardGoPath) || (wireGuard.PreferKernel && KernelWireGuardProbe.IsAvailable())))
        {
            _wireGuard = new WireGuardDevices(wireGuard, logger);
            Available.Add(WireguardMechanism.MechanismType);
        }

        var vni = new VniOptions(options.TunnelIP) { Port = options.VxlanPort, Random = options.Random, IsReserved = Vnis.IsTakenByOther };
        ServerElements =
        [
            new RemoteMechanismSelectServer(Available, options.TunnelIP, options.Mtu),
            new VniServer(vni),
            new RemoteServer(this),
        ];
        ClientElements =
        [
            new RemoteClient(this),
            new VniClient(vni),
            new FilterMechanismsClient(),
        ];
    }

    /// <summary>Gets the options.</summary>
    public RemoteForwarderOptions Options { get; }

    /// <summary>Gets the forwarder's server elements (mechanism selection, VNI, device creation), in order.</summary>
    public IReadOnlyList<INetworkServiceServer> ServerElements { get; }

    /// <summary>Gets the forwarder's client elements (REMOTE preferences, <c>src_*</c>, the class filter), in order.</summary>
    public IReadOnlyList<INetworkServiceClient> ClientElements { get; }

    /// <summary>Gets the number of tunnel devices this forwarder currently keeps.</summary>
    public int Count => _tunnels.Count;

    /// <summary>Gets the number of WireGuard ports in use on this node.</summary>
    public int WireGuardPortCount => Ports.Count;

    /// <summary>Gets the number of VNIs in use on this node.</summary>
    public int VniCount => Vnis.Count;

    /// <summary>Gets the REMOTE mechanism types this forwarder builds.</summary>
    internal HashSet<string> Available { get; }

    /// <summary>Gets the node's VNIs.</summary>
    internal NodeVnis Vnis { get; } = new();

    /// <summary>Gets the node's WireGuard ports.</summary>
    internal NodePorts Ports { get; } = new();

    /// <summary>Opens the node's namespace (the tunnels' underlay).</summary>
    internal NetNs OpenNode() => Options.NodeNetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    /// <summary>Whether the connection has a tunnel device.</summary>
    internal bool Has(string connectionId) => _tunnels.ContainsKey(connectionId);

    /// <summary>This side's WireGuard identity of the connection: the one already kept, or a fresh key and port.</summary>
    internal WireGuardIdentity IdentityOf(NsmContext context) =>
        context.MetadataMap(isClient: false).LoadOrStore(Identity, () => new WireGuardIdentity(WireGuardKey.Generate(), Ports.Allocate()));

    /// <summary>
    /// This side's WireGuard identity of the connection on the NSE's node: the one kept, or, after a restart, the port
    /// the Request carries (<c>dst_port</c>) with a fresh key while the advertised <c>dst_public_key</c> is remembered
    /// (<see cref="Adoptable"/>) so the device that has it can be kept; else a fresh key and port.
    /// </summary>
    internal WireGuardIdentity AdvertisedIdentityOf(NsmContext context, string advertisedKey, int advertisedPort)
    {
        var metadata = context.MetadataMap(isClient: false);
        if (metadata.TryLoad(Identity, out var kept))
        {
            return kept;
        }

        if (advertisedPort > 0 && WireGuardKey.TryParse(advertisedKey, out var key, out _) && Ports.TryClaim(advertisedPort))
        {
            var identity = new WireGuardIdentity(WireGuardKey.Generate(), advertisedPort);
            metadata.Store(Identity, identity);
            metadata.Store(Adoptable, key);
            return identity;
        }

        return IdentityOf(context);
    }

    /// <summary>
    /// On the NSC's node after a restart: when the connection has no identity here yet and the NSC's pod has a WireGuard
    /// device this forwarder made (its interface's alias), its key and port become the connection's identity, so the
    /// device can be kept.
    /// </summary>
    internal async Task RecoverIdentityAsync(NsmContext context, InterfacePlan nsc, CancellationToken cancellationToken)
    {
        var metadata = context.MetadataMap(isClient: false);
        if (_wireGuard is null || metadata.TryLoad(Identity, out _) || string.IsNullOrEmpty(nsc.NetNSUrl))
        {
            return;
        }

        try
        {
            using var pod = NetNs.OpenFromUrl(nsc.NetNSUrl);
            using var podNl = await pod.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            var link = await podNl.TryGetLinkAsync(nsc.Name, cancellationToken).ConfigureAwait(false);
            if (WireGuardTunnels.DeviceNameIn(link?.Alias) is { } name
                && await _wireGuard.TryAdoptAsync(name, nsc.NetNSUrl, nsc.Name, Options.NodeNetNsPath, cancellationToken).ConfigureAwait(false) is { } device
                && Ports.TryClaim(device.ListenPort))
            {
                metadata.Store(Identity, new WireGuardIdentity(device.PrivateKey, device.ListenPort));
            }
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // No device to recover: the connection gets a fresh identity.
        }
    }

    /// <summary>Makes the connection's VXLAN device what <paramref name="device"/> says: nothing on a refresh, else replace.</summary>
    internal Task EnsureAsync(string connectionId, VxlanDevice device, ILogger logger, CancellationToken cancellationToken) =>
        EnsureAsync(connectionId, device, async () =>
        {
            using var node = OpenNode();
            await VxlanDevices.CreateAsync(device, node, logger, cancellationToken).ConfigureAwait(false);
            return new Tunnel(device, () => VxlanDevices.DeleteAsync(device, logger, CancellationToken.None));
        });

    /// <summary>
    /// Makes the connection's WireGuard device what <paramref name="plan"/> says: nothing on a refresh, else replace
    /// (or keep the pod's device made before a restart). Returns this side's identity in use: the plan's, or the kept
    /// device's key and port.
    /// </summary>
    internal async Task<WireGuardIdentity> EnsureAsync(string connectionId, WireGuardPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        // A port taken on the node by something this forwarder does not know (a device left by an earlier life of it,
        // whose connection went elsewhere) is skipped: the device gets another, advertised in the answer (NSE side) or
        // learned by the peer from the handshake this side starts (NSC side).
        var attempt = plan;
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await EnsureOnceAsync(connectionId, attempt, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (NsmStatusException e) when (e.InnerException is WireGuardException { PortInUse: true } && tries < MaxPortTries)
            {
                Ports.MarkTakenElsewhere(attempt.Identity.Port);
                attempt = attempt with { Identity = attempt.Identity with { Port = Ports.Allocate() }, AdoptKey = null };
                LogPortTaken(logger, e.InnerException.Message, attempt.Identity.Port);
            }
            catch when (attempt.Identity.Port != plan.Identity.Port)
            {
                Ports.Release(attempt.Identity.Port);
                throw;
            }
        }
    }

    private async Task<WireGuardIdentity> EnsureOnceAsync(string connectionId, WireGuardPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        var used = plan.Identity;
        await EnsureAsync(connectionId, plan with { AdoptKey = null }, async () =>
        {
            var devices = _wireGuard ?? throw new InvalidOperationException("WireGuard is not available here");
            var device = await WireGuardTunnels.CreateAsync(devices, plan, Options.NodeNetNsPath, Options.HandshakeTimeout, logger, cancellationToken).ConfigureAwait(false);
            used = new WireGuardIdentity(device.PrivateKey, device.ListenPort);
            var made = plan with { Identity = used, AdoptKey = null };
            return new Tunnel(made, () => WireGuardTunnels.DeleteAsync(device, made, logger));
        }).ConfigureAwait(false);
        return used;
    }

    /// <summary>Deletes the connection's device and frees its VNI and WireGuard port.</summary>
    internal async Task RemoveAsync(string connectionId, NsmContext context)
    {
        if (_tunnels.TryRemove(connectionId, out var tunnel))
        {
            await tunnel.Delete().WaitAsync(Options.CloseTimeout, Options.Clock).ConfigureAwait(false);
        }

        Vnis.Release(connectionId);
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(Identity, out var identity))
        {
            Ports.Release(identity.Port);
        }
    }

    private static bool ExecutableOnPath(string program) =>
        System.IO.Path.IsPathRooted(program)
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(System.IO.Path.Combine(dir, program)));

    private async Task EnsureAsync(string connectionId, object plan, Func<Task<Tunnel>> create)
    {
        if (_tunnels.TryGetValue(connectionId, out var existing))
        {
            if (existing.Plan.Equals(plan))
            {
                return; // refresh
            }

            _tunnels.TryRemove(connectionId, out _);
            await existing.Delete().ConfigureAwait(false); // healed onto another peer, or new addresses
        }

        _tunnels[connectionId] = await create().ConfigureAwait(false);
    }

    /// <summary>A live tunnel device: what it was made from, and how to delete it.</summary>
    private sealed record Tunnel(object Plan, Func<Task> Delete);

    [LoggerMessage(EventId = 2460, Level = LogLevel.Information, Message = "kernel forwarder: {Reason}; trying port {Port}")]
    private static partial void LogPortTaken(ILogger logger, string reason, int port);
}
