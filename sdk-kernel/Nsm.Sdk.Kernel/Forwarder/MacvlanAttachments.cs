using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using NlRoute = Nsm.Sdk.Kernel.Netlink.Route;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>
/// The macvlan path of <see cref="KernelVethForwarder"/>: when the NSE's KERNEL mechanism names a macvlan parent
/// (<c>nsm-sdk.io/macvlan-parent</c>), the client gets no veth pair but a macvlan (mode bridge) on that device of the
/// NSE's namespace, created by one RTM_NEWLINK in the NSE's namespace straight into the client's (IFLA_LINK +
/// IFLA_NET_NS_FD) with the client's name, addresses, routes and MTU (at most the parent's). The client then has its
/// own MAC on the network behind the device: outside hosts ARP for it and answer it directly, frames are not copied
/// through a bridge or routed, and the device's own addresses and traffic stay as they are. Refreshes with the same
/// plan do nothing; a Close deletes the macvlan (a vanished client namespace took it already).
/// </summary>
internal sealed partial class MacvlanAttachments(TimeSpan closeTimeout, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, MacvlanPlan> _links = new(StringComparer.Ordinal);

    public int Count => _links.Count;

    /// <summary>Creates the connection's macvlan unless it is already there as planned (a changed plan replaces it).</summary>
    public async Task EnsureAsync(string id, MacvlanPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        if (_links.TryGetValue(id, out var existing))
        {
            if (existing == plan)
            {
                return; // refresh
            }

            await RemoveAsync(id, logger).ConfigureAwait(false);
        }

        try
        {
            var mtu = await CreateAsync(plan, logger, cancellationToken).ConfigureAwait(false);
            _links[id] = plan;
            var addresses = string.Join(',', plan.NscAddresses);
            LogCreated(logger, plan.NscInterface, addresses, plan.Parent, mtu, id);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new NsmStatusException(StatusCode.Internal, $"kernel forwarder: create macvlan {plan.NscInterface} ({plan.NscNetNSUrl}) on {plan.Parent} ({plan.ParentNetNSUrl}) failed: {ex.Message}", ex);
        }
    }

    /// <summary>Deletes the connection's macvlan, if it has one; errors are logged, never thrown.</summary>
    public async Task RemoveAsync(string id, ILogger logger)
    {
        if (!_links.TryRemove(id, out var plan))
        {
            return;
        }

        using var cts = new CancellationTokenSource(closeTimeout, clock);
        try
        {
            using var ns = NetNs.OpenFromUrl(plan.NscNetNSUrl);
            using var nl = await ns.OpenNetlinkAsync(cts.Token).ConfigureAwait(false);
            await nl.DeleteLinkIfExistsAsync(plan.NscInterface, cts.Token).ConfigureAwait(false);
            LogRemoved(logger, plan.NscInterface, plan.Parent, id);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException or OperationCanceledException)
        {
            // Most often the pod's namespace is gone, and the macvlan with it.
            LogGone(logger, plan.NscInterface, id, ex.Message);
        }
    }

    private static async Task<int> CreateAsync(MacvlanPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        using var nscNs = NetNs.OpenFromUrl(plan.NscNetNSUrl);
        using var parentNs = NetNs.OpenFromUrl(plan.ParentNetNSUrl);
        using var parentNl = await parentNs.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        using var nscNl = await nscNs.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        var parent = await parentNl.TryGetLinkAsync(plan.Parent, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"the NSE's namespace has no device {plan.Parent}");
        var mtu = plan.Mtu > 0 && plan.Mtu < parent.Mtu ? plan.Mtu : parent.Mtu;
        var spec = new MacvlanLink(plan.NscInterface, parent.Index) { Namespace = nscNs, Mtu = mtu, Mode = MacvlanMode.Bridge };
        try
        {
            await parentNl.AddLinkAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException ex) when (ex.IsAlreadyExists)
        {
            // A stale interface of that name from an earlier life of this connection (e.g. a forwarder restart).
            LogReplacing(logger, plan.NscInterface, nscNs);
            await nscNl.DeleteLinkIfExistsAsync(plan.NscInterface, cancellationToken).ConfigureAwait(false);
            await parentNl.AddLinkAsync(spec, cancellationToken).ConfigureAwait(false);
        }

        var end = new VethEndConfig(nscNs, plan.NscInterface) { Addresses = plan.NscAddresses, Routes = [.. plan.NscRoutes.Where(r => !IsConnected(r, plan.NscAddresses))] };
        try
        {
            await VethPairConfigurator.ConfigureEndAsync(nscNl, end, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await nscNl.DeleteLinkIfExistsAsync(plan.NscInterface, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return mtu;
    }

    // The route to an address's own subnet: the kernel adds it with the address (and its source), so it is not replaced.
    private static bool IsConnected(NlRoute route, IReadOnlyList<NetlinkPrefix> addresses) =>
        route.Gateway is null && addresses.Any(a => a.Network == route.Destination);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "kernel forwarder: created macvlan {Nsc} [{NscAddrs}] on {Parent}, MTU {Mtu} (connection {Id})")]
    private static partial void LogCreated(ILogger logger, string nsc, string nscAddrs, string parent, int mtu, string id);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "kernel forwarder: removed macvlan {Nsc} on {Parent} of connection {Id}")]
    private static partial void LogRemoved(ILogger logger, string nsc, string parent, string id);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Information, Message = "kernel forwarder: macvlan {Nsc} of connection {Id} went with its pod's namespace ({Reason})")]
    private static partial void LogGone(ILogger logger, string nsc, string id, string reason);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Information, Message = "kernel forwarder: replacing a stale {Interface} in {NetNs} by a macvlan")]
    private static partial void LogReplacing(ILogger logger, string @interface, NetNs netNs);
}

/// <summary>What the macvlan path builds for one connection.</summary>
/// <param name="NscNetNSUrl">The client's namespace URL.</param>
/// <param name="NscInterface">The client's interface name.</param>
/// <param name="NscAddresses">The client's addresses.</param>
/// <param name="NscRoutes">The client's routes.</param>
/// <param name="ParentNetNSUrl">The NSE's namespace URL (where the parent device is).</param>
/// <param name="Parent">The parent device's name.</param>
/// <param name="Mtu">The wanted MTU (the parent's MTU caps it).</param>
internal sealed record MacvlanPlan(
    string NscNetNSUrl,
    string NscInterface,
    IReadOnlyList<NetlinkPrefix> NscAddresses,
    IReadOnlyList<NlRoute> NscRoutes,
    string ParentNetNSUrl,
    string Parent,
    int Mtu)
{
    /// <summary>The client side of a veth plan, on <paramref name="parent"/> of the NSE's namespace.</summary>
    public static MacvlanPlan From(VethPlan plan, string parent) =>
        new(plan.NscNetNSUrl, plan.NscInterface, plan.NscAddresses, plan.NscRoutes, plan.NseNetNSUrl, parent, plan.Mtu);

    /// <inheritdoc />
    public bool Equals(MacvlanPlan? other) =>
        other is not null && NscNetNSUrl == other.NscNetNSUrl && NscInterface == other.NscInterface && ParentNetNSUrl == other.ParentNetNSUrl
        && Parent == other.Parent && Mtu == other.Mtu && NscAddresses.SequenceEqual(other.NscAddresses) && NscRoutes.SequenceEqual(other.NscRoutes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NscNetNSUrl, NscInterface, ParentNetNSUrl, Parent, Mtu);
}
