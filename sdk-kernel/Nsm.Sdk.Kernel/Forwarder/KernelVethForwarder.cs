using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using ApiRoute = Nsm.Api.NetworkService.Route;
using NlRoute = Nsm.Sdk.Kernel.Netlink.Route;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>
/// The local kernel↔kernel data plane of a forwarder: one veth pair per connection with one end in the NSC's
/// namespace (named after the NSC's KERNEL mechanism, with the source addresses and routes) and the other end in
/// the NSE's namespace (named after the NSE's KERNEL mechanism, with the destination addresses and routes).
/// Put <see cref="Server"/> into the forwarder's server chain (it selects the NSC's KERNEL mechanism and builds
/// the pair after the downstream Request returned) and <see cref="Client"/> into its client chain after
/// mechanism translation (it asks the NSE for a KERNEL mechanism and hands the NSE's answer to the server half).
/// A Close takes the pair out of use at once (both ends down and renamed, so the NSC's interface name is free
/// again) and deletes it in the background, off the Close path; dispose the forwarder to finish pending deletes.
/// The forwarder writes its MTU into each connection's context on the way to the NSE and offers
/// <c>supportsVlan</c>: an NSE that answers with a <c>vlan</c> (upstream's Kernel2KernelVLAN) gets its clients on one
/// shared trunk, each tagged with its VLAN (<see cref="KernelVethForwarderOptions.SupportsVlan"/>).
/// When the NSE's KERNEL mechanism names a macvlan parent (<c>nsm-sdk.io/macvlan-parent</c>, an NSE on an external
/// network), the NSC gets a macvlan on that device of the NSE's namespace instead of a pair (see the README).
/// </summary>
public sealed partial class KernelVethForwarder : IAsyncDisposable
{
    /// <summary>The NSE's KERNEL answer, which the client half keeps for the server half (and the remote forwarder's).</summary>
    internal static readonly NsmContextKey<Mechanism> NseMechanism = new("kernelveth.nse-mechanism");

    private readonly KernelVethForwarderOptions _options;
    private readonly ConcurrentDictionary<string, PairState> _pairs = new(StringComparer.Ordinal);
    private readonly RetiredPairDeleter _deleter;
    private readonly MacvlanAttachments _macvlans;
    private readonly VlanTrunks _trunks;

    /// <summary>Initializes the element pair.</summary>
    /// <param name="options">The options, or the defaults.</param>
    public KernelVethForwarder(KernelVethForwarderOptions? options = null)
    {
        _options = options ?? new KernelVethForwarderOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Mtu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.PendingDeletes);
        _deleter = new RetiredPairDeleter(_options.PendingDeletes, _options.CloseTimeout, _options.Clock);
        _macvlans = new MacvlanAttachments(_options.CloseTimeout, _options.Clock);
        _trunks = new VlanTrunks(() => _options.TrunkNetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess());
        Server = new ServerElement(this);
        Client = new ClientElement(this);
    }

    /// <summary>Gets the server-side element (NSC side; builds and removes the pair).</summary>
    public INetworkServiceServer Server { get; }

    /// <summary>Gets the client-side element (NSE side; requests a KERNEL mechanism).</summary>
    public INetworkServiceClient Client { get; }

    /// <summary>Gets the number of pairs this forwarder currently keeps.</summary>
    public int Count => _pairs.Count;

    /// <summary>Gets the number of client macvlans (the NSE named a macvlan parent) this forwarder currently keeps.</summary>
    public int MacvlanCount => _macvlans.Count;

    /// <summary>Gets the number of VLAN trunks (one per NSE interface that answered with a <c>vlan</c>) currently in use.</summary>
    public int Trunks => _trunks.Count;

    /// <summary>Gets the number of closed pairs whose delete is still pending.</summary>
    public int PendingDeletes => _deleter.Pending;

    /// <summary>Finishes every pending delete (Closes after this delete their pairs themselves).</summary>
    /// <returns>A task that completes when the pending deletes are done.</returns>
    public ValueTask DisposeAsync() => _deleter.DisposeAsync();

    /// <summary>Computes the pair for a connection whose NSC and NSE mechanisms are both KERNEL.</summary>
    /// <param name="connection">The connection (its context gives addresses, routes and MTU).</param>
    /// <param name="nsc">The NSC's KERNEL mechanism.</param>
    /// <param name="nse">The NSE's KERNEL mechanism.</param>
    /// <param name="defaultMtu">The MTU when the context and mechanisms carry none.</param>
    /// <returns>The interface names, addresses, routes and MTU (namespaces are opened separately).</returns>
    public static VethPlan Plan(Connection connection, KernelMechanism nsc, KernelMechanism nse, int defaultMtu)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(nsc);
        ArgumentNullException.ThrowIfNull(nse);
        var mtu = connection.Context is { MTU: > 0 } c ? (int)c.MTU
            : MtuOf(nsc) ?? MtuOf(nse) ?? defaultMtu;
        var client = NscSide(connection, nsc);
        var endpoint = NseSide(connection, nse);
        return new VethPlan(
            client.NetNSUrl,
            client.Name,
            client.Addresses,
            client.Routes,
            endpoint.NetNSUrl,
            endpoint.Name,
            endpoint.Addresses,
            endpoint.Routes,
            mtu);
    }

    /// <summary>The NSC's interface of a connection: its namespace and name (from its KERNEL mechanism), source addresses and routes.</summary>
    /// <param name="connection">The connection (its context gives addresses and routes).</param>
    /// <param name="nsc">The NSC's KERNEL mechanism.</param>
    /// <returns>The NSC-side interface.</returns>
    public static InterfacePlan NscSide(Connection connection, KernelMechanism nsc)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(nsc);
        var ip = connection.Context?.IpContext;
        var src = ip.GetSrcIPNets();
        var dst = ip.GetDstIPNets();
        var name = nsc.InterfaceName.Length > 0 ? nsc.InterfaceName : NscRequestUrl.DefaultInterfaceName;
        return new InterfacePlan(
            nsc.NetNSUrl,
            name,
            [.. src.Select(ToPrefix)],
            [.. HostRoutes(dst), .. (ip?.SrcRoutes ?? []).Select(r => ToRoute(r, dst)).OfType<NlRoute>()]);
    }

    /// <summary>The NSE's interface of a connection: its namespace and name (from its KERNEL mechanism), destination addresses and routes.</summary>
    /// <param name="connection">The connection (its context gives addresses and routes).</param>
    /// <param name="nse">The NSE's KERNEL mechanism.</param>
    /// <returns>The NSE-side interface.</returns>
    public static InterfacePlan NseSide(Connection connection, KernelMechanism nse)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(nse);
        var ip = connection.Context?.IpContext;
        var src = ip.GetSrcIPNets();
        var dst = ip.GetDstIPNets();
        var name = nse.InterfaceName.Length > 0 ? nse.InterfaceName : "nse-" + connection.Id.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture)[..8];
        return new InterfacePlan(
            nse.NetNSUrl,
            name,
            [.. dst.Select(ToPrefix)],
            [.. HostRoutes(src), .. (ip?.DstRoutes ?? []).Select(r => ToRoute(r, src)).OfType<NlRoute>()]);
    }

    private static int? MtuOf(KernelMechanism m) =>
        m.Parameters.TryGetValue(CommonParameters.Mtu, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    private static NetlinkPrefix ToPrefix(IpCidr c) => c.ToNetlinkPrefix();

    // A host route to each peer address, so several connections sharing one subnet in one namespace stay apart.
    private static IEnumerable<NlRoute> HostRoutes(IReadOnlyList<IpCidr> peer) =>
        peer.Select(p => new NlRoute { Destination = p.Address.ToHostCidr().ToNetlinkPrefix(), Scope = RouteScope.Link });

    private static NlRoute? ToRoute(ApiRoute route, IReadOnlyList<IpCidr> peer)
    {
        if (route.GetPrefixIPNet() is not { } prefix)
        {
            return null;
        }

        // As upstream: a missing next hop is the peer's first address of the family, unless the route lies inside the peer's prefix.
        var sameFamily = peer.Where(p => p.Family == prefix.Family).ToList();
        var insidePeer = sameFamily.Any(p => p.PrefixLength <= prefix.PrefixLength && p.Contains(prefix.Address));
        var gateway = route.GetNextHopIP() ?? (insidePeer || sameFamily.Count == 0 ? null : sameFamily[0].IPAddress);
        var destination = prefix.ToNetlinkPrefix().Network;
        return gateway is null
            ? new NlRoute { Destination = destination, Scope = RouteScope.Link }
            : new NlRoute { Destination = destination, Gateway = gateway, OnLink = true };
    }

    private static NsmStatusException Error(string operation, VethPlan plan, Exception inner) =>
        new(StatusCode.Internal, $"kernel forwarder: {operation} veth {plan.NscInterface} ({plan.NscNetNSUrl}) <-> {plan.NseInterface} ({plan.NseNetNSUrl}) failed: {inner.Message}", inner);

    private async Task CreateAsync(string id, VethPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        NetNs? nscNs = null;
        NetNs? nseNs = null;
        try
        {
            nscNs = NetNs.OpenFromUrl(plan.NscNetNSUrl);
            nseNs = NetNs.OpenFromUrl(plan.NseNetNSUrl);
            var config = new VethPairConfig(
                new VethEndConfig(nscNs, plan.NscInterface) { Addresses = plan.NscAddresses, Routes = plan.NscRoutes },
                new VethEndConfig(nseNs, plan.NseInterface) { Addresses = plan.NseAddresses, Routes = plan.NseRoutes },
                plan.Mtu);
            try
            {
                await VethPairConfigurator.CreateAsync(config, cancellationToken).ConfigureAwait(false);
            }
            catch (NetlinkException ex) when (ex.IsAlreadyExists)
            {
                // EEXIST: a stale pair from an earlier life of this connection (e.g. a forwarder restart). Replace it.
                LogReplacing(logger, plan.NscInterface, nscNs);
                await VethPairConfigurator.RemoveAsync(config, cancellationToken).ConfigureAwait(false);
                await VethPairConfigurator.CreateAsync(config, cancellationToken).ConfigureAwait(false);
            }

            _pairs[id] = new PairState(plan);
            var nscAddrs = string.Join(',', plan.NscAddresses);
            var nseAddrs = string.Join(',', plan.NseAddresses);
            LogCreated(logger, plan.NscInterface, nscAddrs, nscNs, plan.NseInterface, nseAddrs, nseNs, plan.Mtu);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Error("create", plan, ex);
        }
        finally
        {
            nscNs?.Dispose();
            nseNs?.Dispose();
        }
    }

    private async Task AttachToTrunkAsync(string id, VethPlan plan, int vlan, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await _trunks.AttachAsync(id, plan, vlan, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Error($"attach (vlan {vlan.ToString(CultureInfo.InvariantCulture)} on the trunk) of", plan, ex);
        }

        _pairs[id] = new PairState(plan, vlan);
        var nscAddrs = string.Join(',', plan.NscAddresses);
        LogTrunkAttached(logger, plan.NscInterface, nscAddrs, vlan, plan.NseInterface, plan.NseNetNSUrl, plan.Mtu);
    }

    /// <summary>Moves the NSE end of an existing pair to the new plan's NSE; false (nothing changed for good) if that failed.</summary>
    private async Task<bool> TryMoveNseEndAsync(string id, PairState existing, VethPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        NetNs? nseNs = null;
        VethPairConfig? current = null;
        try
        {
            current = OpenConfig(existing.Plan);
            nseNs = NetNs.OpenFromUrl(plan.NseNetNSUrl);
            var target = new VethEndConfig(nseNs, plan.NseInterface) { Addresses = plan.NseAddresses, Routes = plan.NseRoutes };
            await VethPairConfigurator.MoveForwarderEndAsync(current, target, cancellationToken).ConfigureAwait(false);
            _pairs[id] = new PairState(plan);
            LogMoved(logger, plan.NscInterface, existing.Plan.NseInterface, plan.NseInterface, nseNs, id);
            return true;
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogMoveFailed(logger, ex, plan.NscInterface, id);
            return false;
        }
        finally
        {
            nseNs?.Dispose();
            Dispose(current);
        }
    }

    private async Task RemoveAsync(string id, ILogger logger)
    {
        if (!_pairs.TryRemove(id, out var state))
        {
            return;
        }

        if (state.Vlan != 0)
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout, _options.Clock);
            try
            {
                await _trunks.DetachAsync(id, state.Plan, state.Vlan, timeout.Token).ConfigureAwait(false);
                LogTrunkDetached(logger, state.Plan.NscInterface, state.Vlan, state.Plan.NseInterface, id);
            }
            catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                LogTrunkDetachFailed(logger, ex, state.Plan.NscInterface, id);
            }

            return;
        }

        VethPairConfig config;
        try
        {
            config = OpenConfig(state.Plan);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A pod's namespace is gone, and with it both ends of the pair (deleting one veth end deletes its peer).
            LogGone(logger, state.Plan.NscInterface, id, ex.Message);
            return;
        }

        using var cts = new CancellationTokenSource(_options.CloseTimeout, _options.Clock);
        RetiredVethPair retired;
        try
        {
            retired = await VethPairConfigurator.RetireAsync(config, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KernelException or IOException or OperationCanceledException)
        {
            // Could not take it out of use quickly: delete it here, as before.
            LogRetireFailed(logger, ex, state.Plan.NscInterface, id);
            await _deleter.DeleteAsync(new RetiredVethPair(config, state.Plan.NscInterface, state.Plan.NseInterface), logger, now: true).ConfigureAwait(false);
            return;
        }

        LogRemoved(logger, state.Plan.NscInterface, state.Plan.NseInterface, retired.ClientName ?? retired.ForwarderName ?? "-", id);
        await _deleter.DeleteAsync(retired, logger).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "kernel forwarder: replacing a stale {Interface} in {NetNs}")]
    private static partial void LogReplacing(ILogger logger, string @interface, NetNs netNs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "kernel forwarder: created veth {Nsc} [{NscAddrs}] in {NscNs} <-> {Nse} [{NseAddrs}] in {NseNs}, MTU {Mtu}")]
    private static partial void LogCreated(ILogger logger, string nsc, string nscAddrs, NetNs nscNs, string nse, string nseAddrs, NetNs nseNs, int mtu);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "kernel forwarder: removed veth {Nsc} <-> {Nse} of connection {Id} (down, renamed {Temporary}, deleted in the background)")]
    private static partial void LogRemoved(ILogger logger, string nsc, string nse, string temporary, string id);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "kernel forwarder: taking veth {Nsc} of connection {Id} out of use failed; deleting it now")]
    private static partial void LogRetireFailed(ILogger logger, Exception ex, string nsc, string id);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "kernel forwarder: {Nsc} kept; its peer {OldNse} moved to {Nse} in {NseNs} (connection {Id} healed onto another NSE)")]
    private static partial void LogMoved(ILogger logger, string nsc, string oldNse, string nse, NetNs nseNs, string id);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "kernel forwarder: moving the peer of {Nsc} (connection {Id}) failed; replacing the pair")]
    private static partial void LogMoveFailed(ILogger logger, Exception ex, string nsc, string id);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "kernel forwarder: {Nsc} [{NscAddrs}] on vlan {Vlan} of the trunk {Nse} in {NseNs}, MTU {Mtu}")]
    private static partial void LogTrunkAttached(ILogger logger, string nsc, string nscAddrs, int vlan, string nse, string nseNs, int mtu);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "kernel forwarder: {Nsc} off vlan {Vlan} of the trunk {Nse} (connection {Id})")]
    private static partial void LogTrunkDetached(ILogger logger, string nsc, int vlan, string nse, string id);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "kernel forwarder: taking {Nsc} (connection {Id}) off its trunk failed")]
    private static partial void LogTrunkDetachFailed(ILogger logger, Exception ex, string nsc, string id);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "kernel forwarder: closing {Id} downstream after a failed veth setup failed")]
    private static partial void LogCloseDownstreamFailed(ILogger logger, Exception ex, string id);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "kernel forwarder: {Nsc} of connection {Id} went with its pod's namespace ({Reason})")]
    private static partial void LogGone(ILogger logger, string nsc, string id, string reason);

    /// <summary>Opens both namespaces of a planned pair (the caller disposes them, or hands them to the deleter).</summary>
    private static VethPairConfig OpenConfig(VethPlan plan)
    {
        var nscNs = NetNs.OpenFromUrl(plan.NscNetNSUrl);
        try
        {
            var nseNs = NetNs.OpenFromUrl(plan.NseNetNSUrl);
            return new VethPairConfig(
                new VethEndConfig(nscNs, plan.NscInterface) { Addresses = plan.NscAddresses, Routes = plan.NscRoutes },
                new VethEndConfig(nseNs, plan.NseInterface) { Addresses = plan.NseAddresses, Routes = plan.NseRoutes },
                plan.Mtu);
        }
        catch
        {
            nscNs.Dispose();
            throw;
        }
    }

    private static void Dispose(VethPairConfig? config)
    {
        config?.Client.Namespace.Dispose();
        config?.Forwarder.Namespace.Dispose();
    }

    /// <summary>
    /// What the forwarder remembers of a live pair: the plan only. The pods' namespaces are opened again from their URLs
    /// when the pair is changed or removed, never held open in between: a held namespace would outlive its pod, keep
    /// a dead endpoint's end of the pair answering pings, and leak.
    /// </summary>
    /// <param name="Plan">The pair (with a VLAN: the client's veth, and the trunk by the NSE's name).</param>
    /// <param name="Vlan">The VLAN the NSE gave the connection on its trunk, or 0 for a pair of its own.</param>
    private sealed record PairState(VethPlan Plan, int Vlan = 0);

    private sealed class ServerElement(KernelVethForwarder owner) : INetworkServiceServer
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            request.Connection ??= new Connection();
            if (IsRemote(request))
            {
                return await next.RequestAsync(request, context).ConfigureAwait(false); // a tunnel from another node: Remote/ builds it
            }

            if (KernelMechanism.ToMechanism(request.Connection.Mechanism) is null)
            {
                var preference = request.MechanismPreferences.FirstOrDefault(m => KernelMechanism.ToMechanism(m) is not null)
                    ?? throw new NsmStatusException(StatusCode.InvalidArgument, "kernel forwarder: the request has no KERNEL mechanism preference");
                request.Connection.Mechanism = preference.Clone();
            }

            if (owner._options.Mtu > 0)
            {
                // The forwarder owns the MTU of the interfaces it makes: the NSE sees it in the context (and may lower it),
                // and a value left from before a forwarder's MTU changed is replaced on the next refresh or heal.
                request.Connection.Context ??= new ConnectionContext();
                request.Connection.Context.MTU = (uint)owner._options.Mtu;
            }

            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            var id = conn.Id;
            var nsc = KernelMechanism.ToMechanism(conn.Mechanism ?? request.Connection.Mechanism)!;
            if (!context.MetadataMap(isClient: false).TryLoad(NseMechanism, out var nseMechanism) || KernelMechanism.ToMechanism(nseMechanism) is not { } nse)
            {
                // The next hop is not a local KERNEL endpoint (e.g. a remote mechanism handled elsewhere): nothing to do.
                return conn;
            }

            var plan = Plan(conn, nsc, nse, owner._options.Mtu);
            if (nse.MacvlanParent.Length > 0)
            {
                await owner.RemoveAsync(id, context.Logger).ConfigureAwait(false); // healed from a veth endpoint, if it was one
                await AttachMacvlanAsync(conn, MacvlanPlan.From(plan, nse.MacvlanParent), context, next).ConfigureAwait(false);
                return conn;
            }

            await owner._macvlans.RemoveAsync(id, context.Logger).ConfigureAwait(false); // healed from a macvlan endpoint, if it was one
            var vlan = (int)nse.VlanId;
            if (owner._pairs.TryGetValue(id, out var existing))
            {
                if (existing.Plan == plan && existing.Vlan == vlan)
                {
                    return conn; // refresh: the pair is already there
                }

                if (existing.Vlan == 0 && vlan == 0 && existing.Plan.SameClientSide(plan)
                    && await owner.TryMoveNseEndAsync(id, existing, plan, context.Logger, context.CancellationToken).ConfigureAwait(false))
                {
                    return conn; // healed onto another NSE: the NSC keeps its interface
                }

                await owner.RemoveAsync(id, context.Logger).ConfigureAwait(false); // healed onto another NSE or new addresses
            }

            try
            {
                if (vlan != 0)
                {
                    await owner.AttachToTrunkAsync(id, plan, vlan, context.Logger, context.CancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await owner.CreateAsync(id, plan, context.Logger, context.CancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await CloseDownstreamAsync(conn, context, next).ConfigureAwait(false);
                throw;
            }

            return conn;
        }

        private static bool IsRemote(NetworkServiceRequest request) =>
            request.Connection.Mechanism is { } selected
                ? selected.Cls == Cls.Remote
                : !request.MechanismPreferences.Any(m => KernelMechanism.ToMechanism(m) is not null) && request.MechanismPreferences.Any(m => m.Cls == Cls.Remote);

        public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(connection);
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            // The pair is taken out of use while the Close travels on to the NSE: neither waits for the other.
            var remove = owner.RemoveAsync(connection.Id, context.Logger);
            var removeMacvlan = owner._macvlans.RemoveAsync(connection.Id, context.Logger);
            try
            {
                await next.CloseAsync(connection, context).ConfigureAwait(false);
            }
            finally
            {
                context.MetadataMap(isClient: false).Delete(NseMechanism);
                await remove.ConfigureAwait(false);
                await removeMacvlan.ConfigureAwait(false);
            }
        }

        private async Task AttachMacvlanAsync(Connection conn, MacvlanPlan plan, NsmContext context, NetworkServiceHandler next)
        {
            try
            {
                await owner._macvlans.EnsureAsync(conn.Id, plan, context.Logger, context.CancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await CloseDownstreamAsync(conn, context, next).ConfigureAwait(false);
                throw;
            }
        }

        private Task CloseDownstreamAsync(Connection conn, NsmContext context, NetworkServiceHandler next) =>
            DownstreamClose.BestEffortAsync(conn, context, next, owner._options.CloseTimeout, owner._options.Clock, LogCloseDownstreamFailed);
    }

    private sealed class ClientElement(KernelVethForwarder owner) : INetworkServiceClient
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            if (!request.MechanismPreferences.Any(m => KernelMechanism.ToMechanism(m) is not null))
            {
                var mechanism = KernelMechanism.New(KernelMechanism.ThreadSelfNetNSUrl);
                if (owner._options.Mtu > 0)
                {
                    mechanism.Parameters[CommonParameters.Mtu] = owner._options.Mtu.ToString(CultureInfo.InvariantCulture);
                }

                if (owner._options.SupportsVlan)
                {
                    KernelMechanism.ToMechanism(mechanism)!.SupportsVlan = true;
                }

                request.MechanismPreferences.Add(mechanism);
            }

            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            if (conn.Mechanism is { } selected && KernelMechanism.ToMechanism(selected) is not null)
            {
                context.MetadataMap(isClient: false).Store(NseMechanism, selected.Clone());
            }

            return conn;
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(next);
            return next.CloseAsync(connection, context);
        }
    }
}

/// <summary>What the kernel forwarder builds for one connection.</summary>
/// <param name="NscNetNSUrl">The NSC's namespace URL.</param>
/// <param name="NscInterface">The NSC-side interface name.</param>
/// <param name="NscAddresses">The NSC-side addresses (src_ip_addrs).</param>
/// <param name="NscRoutes">The NSC-side routes.</param>
/// <param name="NseNetNSUrl">The NSE's namespace URL.</param>
/// <param name="NseInterface">The NSE-side interface name.</param>
/// <param name="NseAddresses">The NSE-side addresses (dst_ip_addrs).</param>
/// <param name="NseRoutes">The NSE-side routes.</param>
/// <param name="Mtu">The MTU of both ends.</param>
public sealed record VethPlan(
    string NscNetNSUrl,
    string NscInterface,
    IReadOnlyList<NetlinkPrefix> NscAddresses,
    IReadOnlyList<NlRoute> NscRoutes,
    string NseNetNSUrl,
    string NseInterface,
    IReadOnlyList<NetlinkPrefix> NseAddresses,
    IReadOnlyList<NlRoute> NseRoutes,
    int Mtu)
{
    /// <inheritdoc />
    public bool Equals(VethPlan? other) =>
        other is not null && NscNetNSUrl == other.NscNetNSUrl && NscInterface == other.NscInterface && NseNetNSUrl == other.NseNetNSUrl
        && NseInterface == other.NseInterface && Mtu == other.Mtu && NscAddresses.SequenceEqual(other.NscAddresses)
        && NseAddresses.SequenceEqual(other.NseAddresses) && NscRoutes.SequenceEqual(other.NscRoutes) && NseRoutes.SequenceEqual(other.NseRoutes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NscNetNSUrl, NscInterface, NseNetNSUrl, NseInterface, Mtu);

    /// <summary>True when <paramref name="other"/> has the same NSC end (namespace, name, addresses, routes) and MTU.</summary>
    /// <param name="other">The other plan.</param>
    /// <returns>Whether only the NSE side differs.</returns>
    public bool SameClientSide(VethPlan other) =>
        other is not null && NscNetNSUrl == other.NscNetNSUrl && NscInterface == other.NscInterface && Mtu == other.Mtu
        && NscAddresses.SequenceEqual(other.NscAddresses) && NscRoutes.SequenceEqual(other.NscRoutes);
}
