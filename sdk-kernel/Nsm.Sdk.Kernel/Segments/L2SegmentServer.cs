using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Passthrough;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Sdk.Kernel.Segments;

/// <summary>
/// One L2 segment per ETHERNET service, in the NSE's own namespace: a Linux bridge per service (no addresses, no ARP
/// answers, no IPv6 of its own) that every client's incoming KERNEL interface joins, so the clients share one
/// broadcast domain (ARP, IPv4, IPv6) and reach nobody else. The interface only exists once the client's forwarder
/// has the response, so it joins in the background as soon as it is there and up (<see cref="WhenJoinedAsync"/>); a
/// Close takes it out. With <see cref="L2SegmentOptions.VlanId"/> the segment also leaves the NSE on its uplink as
/// that 802.1Q VLAN (<see cref="VlanUplink"/>), attached whenever the uplink is there.
/// Put it into the endpoint chain after the KERNEL mechanism; call <see cref="StartAsync"/> before serving, dispose at stop.
/// </summary>
public sealed partial class L2SegmentServer : INetworkServiceServer, IAsyncDisposable
{
    /// <summary>The prefix of a segment's bridge name (then 8 hex digits of the service name's SHA-256).</summary>
    public const string BridgePrefix = "nsmseg-";

    private const string Element = "l2 segment";

    private readonly L2SegmentOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _bridges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Port> _ports = new(StringComparer.Ordinal);
    private SegmentUplink? _uplink;
    private int _disposed;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The options, or the defaults.</param>
    /// <param name="logger">Logs the uplink's state; the clients' joins go to each Request's logger.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public L2SegmentServer(L2SegmentOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new L2SegmentOptions();
        _options.Validate();
        _clock = _options.Clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the segments' bridges by service.</summary>
    public IReadOnlyDictionary<string, string> Bridges
    {
        get
        {
            lock (_bridges)
            {
                return new Dictionary<string, string>(_bridges, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Gets the uplink's port in the bridge (the uplink itself, or its vlan link), or null without a VLAN or while the uplink is not there.</summary>
    public string? UplinkPort => _uplink?.Port;

    /// <summary>Gets the uplink mode in use (never Auto), or null without a VLAN.</summary>
    public VlanUplinkMode? UplinkMode => _uplink?.Mode;

    /// <summary>The bridge name of <paramref name="service"/>'s segment.</summary>
    /// <param name="service">The network service.</param>
    /// <returns><see cref="BridgePrefix"/> and 8 hex digits.</returns>
    public static string BridgeOf(string service) => ConnectionBridge.NameOf(service, BridgePrefix);

    /// <summary>
    /// Creates the bridges of <see cref="L2SegmentOptions.Services"/> and, with a VLAN, probes the node (for
    /// <see cref="VlanUplinkMode.Auto"/>) and starts watching for the uplink.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the bridges exist.</returns>
    /// <exception cref="NotSupportedException">The node offers no way to carry the VLAN in the requested mode.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _options.Services)
        {
            await EnsureSegmentAsync(service, cancellationToken).ConfigureAwait(false);
        }

        if (_options.VlanId is null || _uplink is not null)
        {
            return;
        }

        var support = _options.UplinkMode switch
        {
            VlanUplinkMode.Bpf => new VlanSupport(false, true, "bpf requested"),
            VlanUplinkMode.Link => new VlanSupport(true, false, "vlan link requested"),
            _ => await VlanSupport.ProbeAsync(cancellationToken).ConfigureAwait(false),
        };
        using var ns = OpenNamespace();
        var netlink = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _uplink = SegmentUplink.Start(netlink, BridgeOf(_options.Services[0]), _options, support, _clock, _logger);
        }
        catch
        {
            netlink.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the uplink is first attached (at once without a VLAN).</summary>
    /// <returns>A task that completes when the uplink's port is in the bridge.</returns>
    public Task WhenUplinkAttachedAsync() => _uplink?.WhenAttached ?? Task.CompletedTask;

    /// <summary>Completes when the connection's interface is a port of its segment's bridge.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <returns>True when joined; false when it did not appear in time, the connection was closed, or is unknown.</returns>
    public Task<bool> WhenJoinedAsync(string connectionId)
    {
        lock (_ports)
        {
            return _ports.TryGetValue(connectionId, out var p) ? p.Joining : Task.FromResult(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        JoinAfterNext.RequestAsync(Element, request, context, next, (conn, incoming) => JoinAsync(conn.Id, conn.NetworkService, incoming, context.Logger, context.CancellationToken), (conn, c) => CloseAsync(conn, c, next));

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            // Not the caller's token: a caller that gives up on its Close must not leave its port in the segment.
            await LeaveAsync(connection.Id, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts a connection's interface into its service's segment (or, on a refresh, keeps it): the bridge is made if
    /// needed, and the interface joins when it appears.
    /// </summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="service">The network service (one segment each).</param>
    /// <param name="interfaceName">The client's interface in this namespace.</param>
    /// <param name="logger">Logs the background join.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the bridge exists.</returns>
    public async Task JoinAsync(string connectionId, string service, string interfaceName, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentNullException.ThrowIfNull(logger);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Port? existing;
            lock (_ports)
            {
                _ports.TryGetValue(connectionId, out existing);
            }

            if (existing is not null)
            {
                if (existing.Service == service && existing.Interface == interfaceName)
                {
                    return; // a refresh
                }

                await LeaveLockedAsync(connectionId, existing).ConfigureAwait(false); // healed onto another interface
            }

            var bridge = await EnsureSegmentAsync(service, cancellationToken).ConfigureAwait(false);
            var stop = new CancellationTokenSource();
            var port = new Port(service, bridge, interfaceName, stop);
            port.Joining = BridgePortJoin.RunAsync(Element, OpenNamespace, bridge, interfaceName, connectionId, (_clock, _options.PollInterval, _options.JoinTimeout), logger, stop.Token);
            lock (_ports)
            {
                _ports[connectionId] = port;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes a connection's interface out of its segment (the interface stays, for its forwarder to delete).</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels waiting for other calls.</param>
    /// <returns>A task that completes when the interface is out.</returns>
    public async Task LeaveAsync(string connectionId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Port? existing;
            lock (_ports)
            {
                _ports.TryGetValue(connectionId, out existing);
            }

            if (existing is not null)
            {
                await LeaveLockedAsync(connectionId, existing).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the uplink (its tagger or vlan link goes), takes every client out and deletes the bridges.</summary>
    /// <returns>A task that completes when they are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_uplink is not null)
            {
                await _uplink.DisposeAsync().ConfigureAwait(false);
                _uplink = null;
            }

            KeyValuePair<string, Port>[] ports;
            lock (_ports)
            {
                ports = [.. _ports];
            }

            foreach (var (id, port) in ports)
            {
                await LeaveLockedAsync(id, port).ConfigureAwait(false);
            }

            string[] bridges;
            lock (_bridges)
            {
                bridges = [.. _bridges.Values];
                _bridges.Clear();
            }

            using var ns = OpenNamespace();
            foreach (var bridge in bridges)
            {
                await ConnectionBridge.DeleteAsync(ns, bridge, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private NetNs OpenNamespace() => _options.NetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    private async Task<string> EnsureSegmentAsync(string service, CancellationToken cancellationToken)
    {
        var bridge = BridgeOf(service);
        lock (_bridges)
        {
            if (_bridges.ContainsKey(service))
            {
                return bridge;
            }
        }

        using var ns = OpenNamespace();
        await ConnectionBridge.EnsureAsync(ns, bridge, passthrough: false, cancellationToken).ConfigureAwait(false);
        lock (_bridges)
        {
            _bridges[service] = bridge;
        }

        LogSegment(_logger, service, bridge);
        return bridge;
    }

    private async Task LeaveLockedAsync(string connectionId, Port port)
    {
        lock (_ports)
        {
            _ports.Remove(connectionId);
        }

        await port.Stop.CancelAsync().ConfigureAwait(false);
        await port.Joining.ConfigureAwait(false); // never throws
        port.Stop.Dispose();
        try
        {
            using var ns = OpenNamespace();
            using var nl = await ns.OpenNetlinkAsync(CancellationToken.None).ConfigureAwait(false);
            if (await nl.TryGetLinkAsync(port.Interface, CancellationToken.None).ConfigureAwait(false) is { MasterIndex: > 0 })
            {
                await nl.SetNoMasterAsync(port.Interface, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
            // Its forwarder deleted it first.
        }
    }

    [LoggerMessage(EventId = 2124, Level = LogLevel.Information, Message = "l2 segment: service {Service} is bridge {Bridge}")]
    private static partial void LogSegment(ILogger logger, string service, string bridge);

    private sealed record Port(string Service, string Bridge, string Interface, CancellationTokenSource Stop)
    {
        public Task<bool> Joining { get; set; } = Task.FromResult(false);
    }
}
