using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Liveness;

/// <summary>
/// The NSC's data-plane probe (upstream's <c>KernelLivenessCheck</c>), for the heal element's liveness hook: from
/// inside the connection's namespace it pings every destination address from every source address of the same
/// family, bound to the source; the connection is alive when every pair answers.
/// </summary>
/// <remarks>
/// <para>Connections without a kernel mechanism or without address pairs count as alive (nothing to probe).</para>
/// <para>
/// Paths that drop ICMP (a firewall ending in <c>deny ip any any</c>) must not look dead, or every probe would
/// reselect. So a missing reply is judged by what the path showed before and by the kernel's own view:
/// </para>
/// <list type="bullet">
/// <item>the interface is missing, down, or has lost its carrier (the veth peer is gone or down) → dead, at once;</item>
/// <item>echo has worked on this interface (same index) for this connection and destination → dead: the path lets
/// ICMP through, so silence means loss;</item>
/// <item>echo never worked on this interface → the first hop's neighbour entry decides: a learnt entry the kernel
/// holds valid (REACHABLE, STALE, DELAY, PROBE) or a static one → alive; FAILED, INCOMPLETE or none → dead. The
/// probe's own echo requests keep that entry honest: each one makes the kernel re-confirm a stale entry with ARP/ND
/// (DELAY, then PROBE, then FAILED when the peer stays silent), which ACLs on IP do not block. A REACHABLE entry the
/// kernel would trust for its whole reachable time (15 to 45 s by default) without asking the peer, so the probe sets
/// it back to STALE (as <c>ip neigh change … nud stale</c>; it needs CAP_NET_ADMIN in the connection's namespace, and
/// without it the kernel's reachable time adds to the delay). Loss is then seen within the kernel's neighbour timers
/// (delay_first_probe_time and the unicast probes: about 5 to 8 s by default) rather than one probe.</item>
/// </list>
/// <para>The memory of working echo is per connection id and destination, so it stays as small as the NSC's list of
/// connections; a new interface (reselect) starts again without it.</para>
/// </remarks>
public sealed partial class KernelLivenessCheck
{
    private const int PermissionDenied = 1; // EPERM
    private const int AccessDenied = 13; // EACCES

    private readonly KernelLivenessOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, int> _echoWorkedOnLink = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _toldNoEcho = new(StringComparer.Ordinal);
    private volatile bool _reconfirmDenied;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KernelLivenessCheck(KernelLivenessOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new KernelLivenessOptions();
        _clock = _options.Clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Probes <paramref name="connection"/>'s data plane.</summary>
    /// <param name="connection">The connection as the client holds it.</param>
    /// <param name="cancellationToken">Ends the probe (the heal element's liveness timeout).</param>
    /// <returns>Whether the connection carries traffic.</returns>
    public async ValueTask<bool> CheckAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var kernel = KernelMechanism.ToMechanism(connection.Mechanism);
        if (kernel is null || kernel.InterfaceName.Length == 0)
        {
            return true;
        }

        var pairs = Pairs(connection);
        if (pairs.Count == 0)
        {
            return true;
        }

        using var netns = OpenNamespace(kernel.NetNSUrl);
        var results = await Task.WhenAll(pairs.Select(p => CheckPairAsync(connection.Id, kernel.InterfaceName, netns, p.Source, p.Destination, cancellationToken))).ConfigureAwait(false);
        return results.All(alive => alive);
    }

    /// <summary>
    /// Runs every step of a probe once against the loopback interface, so that the first real probe does not pay
    /// for loading and compiling them (with JIT on a loaded machine that alone can exceed the probe's timeout, and
    /// a timed-out probe counts as a dead data plane). Failures are ignored.
    /// </summary>
    /// <param name="cancellationToken">Ends the warm-up.</param>
    /// <returns>A task that completes when done.</returns>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using (var socket = IcmpSocket.OpenBound(IPAddress.Loopback))
            {
                await IcmpEcho.PingAsync(socket, IPAddress.Loopback, 1, TimeSpan.FromMilliseconds(200), _clock, cancellationToken).ConfigureAwait(false);
            }

            using var netlink = NetlinkHandle.Open();
            await LinkEvidence.ReadAsync(netlink, "lo", IPAddress.Loopback, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // best effort: a failed warm-up only leaves the first probe slower
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWarmUpFailed(_logger, ex.Message);
        }
    }

    /// <summary>The (source, destination) address pairs of one family, prefixes stripped.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The pairs.</returns>
    internal static List<(IPAddress Source, IPAddress Destination)> Pairs(Connection connection)
    {
        var ip = connection.Context?.IpContext;
        var pairs = new List<(IPAddress, IPAddress)>();
        if (ip is null)
        {
            return pairs;
        }

        foreach (var src in ip.SrcIpAddrs.Select(Parse).OfType<IPAddress>())
        {
            foreach (var dst in ip.DstIpAddrs.Select(Parse).OfType<IPAddress>())
            {
                if (src.AddressFamily == dst.AddressFamily)
                {
                    pairs.Add((src, dst));
                }
            }
        }

        return pairs;
    }

    private static IPAddress? Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash < 0 ? cidr : cidr[..slash], out var address) ? address : null;
    }

    // Null: the process's own namespace (the usual NSC), where sockets are opened directly.
    private static NetNs? OpenNamespace(string url)
    {
        if (url.Length == 0 || url == KernelMechanism.ThreadSelfNetNSUrl || url == "file:///proc/self/ns/net" || url == $"file:///proc/{Environment.ProcessId}/ns/net")
        {
            return null;
        }

        try
        {
            return NetNs.OpenFromUrl(url);
        }
        catch (Exception ex) when (ex is KernelException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<bool> CheckPairAsync(string id, string interfaceName, NetNs? netns, IPAddress source, IPAddress destination, CancellationToken cancellationToken)
    {
        var key = id + "|" + destination;
        var echo = await EchoAsync(netns, source, destination, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (echo && _echoWorkedOnLink.ContainsKey(key))
        {
            return true;
        }

        using var netlink = netns is null ? NetlinkHandle.Open() : await netns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        var evidence = await LinkEvidence.ReadAsync(netlink, interfaceName, destination, cancellationToken).ConfigureAwait(false);
        if (echo)
        {
            _echoWorkedOnLink[key] = evidence.LinkIndex;
            _toldNoEcho.TryRemove(key, out _);
            return true;
        }

        if (!evidence.LinkUsable)
        {
            LogLinkLost(_logger, id, interfaceName, evidence.LinkIndex == 0 ? "missing" : "down or without carrier");
            return false;
        }

        if (_echoWorkedOnLink.TryGetValue(key, out var index) && index == evidence.LinkIndex)
        {
            LogEchoStopped(_logger, id, destination, interfaceName);
            return false;
        }

        if (_toldNoEcho.TryAdd(key, true))
        {
            LogNoEchoYet(_logger, id, destination, interfaceName);
        }

        if (!evidence.NeighborAlive)
        {
            LogNeighborLost(_logger, id, destination, interfaceName);
        }
        else if (evidence.FirstHop is { State: NeighborState.Reachable, Mac: not null } entry)
        {
            await ReconfirmAsync(netlink, interfaceName, entry, cancellationToken).ConfigureAwait(false);
        }

        return evidence.NeighborAlive;
    }

    /// <summary>Sets a REACHABLE entry back to STALE, so that the next echo request makes the kernel ask the peer again.</summary>
    private async Task ReconfirmAsync(NetlinkHandle netlink, string interfaceName, Neighbor entry, CancellationToken cancellationToken)
    {
        if (_reconfirmDenied)
        {
            return;
        }

        try
        {
            await netlink.ReplaceNeighborAsync(entry with { Device = interfaceName, State = NeighborState.Stale }, cancellationToken).ConfigureAwait(false);
        }
        catch (KernelException ex) when (ex.ErrorCode is PermissionDenied or AccessDenied)
        {
            _reconfirmDenied = true;
            LogReconfirmDenied(_logger, interfaceName, ex.Message);
        }
        catch (KernelException ex)
        {
            LogReconfirmFailed(_logger, entry.Address, interfaceName, ex.Message);
        }
    }

    private async Task<bool> EchoAsync(NetNs? netns, IPAddress source, IPAddress destination, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = netns is null ? IcmpSocket.OpenBound(source) : await netns.RunInAsync(() => IcmpSocket.OpenBound(source), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            // EADDRNOTAVAIL: the source address went with the interface.
            LogNoSocket(_logger, source, ex.SocketErrorCode);
            return false;
        }

        using (socket)
        {
            return await IcmpEcho.PingAsync(socket, destination, _options.EchoCount, _options.EchoTimeout, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "liveness: connection {Id}: interface {Interface} is {State}")]
    private static partial void LogLinkLost(ILogger logger, string id, string @interface, string state);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "liveness: connection {Id}: {Destination} stopped answering echo on {Interface}")]
    private static partial void LogEchoStopped(ILogger logger, string id, IPAddress destination, string @interface);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "liveness: connection {Id}: no echo reply from {Destination} on {Interface} yet; the path may drop ICMP, judging by the neighbour entry until echo works")]
    private static partial void LogNoEchoYet(ILogger logger, string id, IPAddress destination, string @interface);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "liveness: connection {Id}: neighbour {Destination} on {Interface} is not reachable")]
    private static partial void LogNeighborLost(ILogger logger, string id, IPAddress destination, string @interface);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "liveness: neighbour entries on {Interface} cannot be set back to STALE ({Error}): on paths that drop ICMP, loss is seen only after the kernel's reachable time")]
    private static partial void LogReconfirmDenied(ILogger logger, string @interface, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "liveness: neighbour {Destination} on {Interface} not set back to STALE: {Error}")]
    private static partial void LogReconfirmFailed(ILogger logger, IPAddress destination, string @interface, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "liveness: warm-up failed: {Error}")]
    private static partial void LogWarmUpFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "liveness: no echo socket from {Source}: {Error}")]
    private static partial void LogNoSocket(ILogger logger, IPAddress source, SocketError error);
}
