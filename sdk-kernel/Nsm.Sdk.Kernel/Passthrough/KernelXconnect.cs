using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>
/// Upstream's <c>xconnect</c> for the kernel: a passthrough NSE joins, per connection, the interface its caller's
/// forwarder gives it (the incoming KERNEL mechanism's) and the interface of its own onward connection (the outgoing
/// one, e.g. <c>nsm-1</c>) with a Linux bridge, so packets pass at L2 and the NSE routes nothing: the addresses the
/// forwarders put on both (the final endpoint's and the client's) are removed. An ACL on the NSE filters the bridged
/// packets (br_netfilter, see <c>NftAclEnforcer</c>).
/// Put <see cref="Server"/> into the endpoint chain before the connect element, and <see cref="Client"/> into the
/// client chain after mechanism translation. The incoming interface only exists once the caller's forwarder has
/// received the response, so it joins in the background as soon as it is there and up
/// (<see cref="WhenJoinedAsync"/>). A Close removes the bridge before the onward connection is closed.
/// </summary>
public sealed partial class KernelXconnect : IAsyncDisposable
{
    private const string Element = "xconnect";
    private static readonly NsmContextKey<string> OutgoingInterface = new("kernelxconnect.outgoing-interface");

    private readonly KernelXconnectOptions _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Joined> _joined = new(StringComparer.Ordinal);

    /// <summary>Initializes the element pair.</summary>
    /// <param name="options">The options, or the defaults.</param>
    public KernelXconnect(KernelXconnectOptions? options = null)
    {
        _options = options ?? new KernelXconnectOptions();
        _options.Validate();
        _clock = _options.Clock ?? TimeProvider.System;
        Server = new ServerElement(this);
        Client = new ClientElement();
    }

    /// <summary>Gets the server-side element (joins and removes the bridge).</summary>
    public INetworkServiceServer Server { get; }

    /// <summary>Gets the client-side element (remembers the outgoing interface).</summary>
    public INetworkServiceClient Client { get; }

    /// <summary>Gets the bridges currently kept, one per connection.</summary>
    public IReadOnlyCollection<string> Bridges
    {
        get
        {
            lock (_joined)
            {
                return [.. _joined.Values.Select(j => j.Bridge)];
            }
        }
    }

    /// <summary>
    /// Joins a connection's two interfaces (or, on a refresh, keeps them joined): the bridge is created and the
    /// outgoing interface joins now; the incoming one joins when it appears.
    /// </summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="incoming">The interface towards the caller (the incoming KERNEL mechanism's).</param>
    /// <param name="outgoing">The interface of the onward connection (it must exist).</param>
    /// <param name="logger">Logs the background join.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the bridge and the outgoing port are in place.</returns>
    /// <exception cref="InvalidOperationException">The outgoing interface is not there or not up.</exception>
    public async Task JoinAsync(string connectionId, string incoming, string outgoing, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(incoming);
        ArgumentException.ThrowIfNullOrEmpty(outgoing);
        ArgumentNullException.ThrowIfNull(logger);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Joined? existing;
            lock (_joined)
            {
                _joined.TryGetValue(connectionId, out existing);
            }

            if (existing is not null)
            {
                if (existing.Incoming == incoming && existing.Outgoing == outgoing)
                {
                    return; // a refresh
                }

                await LeaveLockedAsync(connectionId, existing).ConfigureAwait(false); // healed onto other interfaces
            }

            var bridge = ConnectionBridge.NameOf(connectionId);
            using var ns = OpenNamespace();
            try
            {
                await ConnectionBridge.EnsureAsync(ns, bridge, passthrough: true, cancellationToken).ConfigureAwait(false);
                if (!await ConnectionBridge.TryJoinAsync(ns, bridge, outgoing, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"the outgoing interface {outgoing} is not there or not up");
                }
            }
            catch
            {
                // Failed or cancelled half-way: no bridge is left that no connection knows.
                await ConnectionBridge.DeleteAsync(ns, bridge, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var stop = new CancellationTokenSource();
            var joined = new Joined(bridge, incoming, outgoing, stop);
            joined.Waiting = BridgePortJoin.RunAsync(Element, OpenNamespace, bridge, incoming, connectionId, (_clock, _options.PollInterval, _options.JoinTimeout), logger, stop.Token);
            lock (_joined)
            {
                _joined[connectionId] = joined;
            }

            BridgePortJoin.Joined(logger, Element, outgoing, bridge, connectionId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Completes when the connection's incoming interface is a port of its bridge.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <returns>True when joined; false when it did not appear in time, the connection was closed, or is unknown.</returns>
    public Task<bool> WhenJoinedAsync(string connectionId)
    {
        lock (_joined)
        {
            return _joined.TryGetValue(connectionId, out var j) ? j.Waiting : Task.FromResult(false);
        }
    }

    /// <summary>Removes a connection's bridge (its interfaces stay, for their forwarders to delete).</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels waiting for other calls.</param>
    /// <returns>A task that completes when the bridge is gone.</returns>
    public async Task LeaveAsync(string connectionId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Joined? existing;
            lock (_joined)
            {
                _joined.TryGetValue(connectionId, out existing);
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

    /// <summary>Removes every bridge.</summary>
    /// <returns>A task that completes when they are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            KeyValuePair<string, Joined>[] all;
            lock (_joined)
            {
                all = [.. _joined];
            }

            foreach (var (id, joined) in all)
            {
                await LeaveLockedAsync(id, joined).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private NetNs OpenNamespace() => _options.NetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    private async Task LeaveLockedAsync(string connectionId, Joined joined)
    {
        lock (_joined)
        {
            _joined.Remove(connectionId);
        }

        await joined.Stop.CancelAsync().ConfigureAwait(false);
        await joined.Waiting.ConfigureAwait(false); // never throws
        joined.Stop.Dispose();
        using var ns = OpenNamespace();
        await ConnectionBridge.DeleteAsync(ns, joined.Bridge, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed record Joined(string Bridge, string Incoming, string Outgoing, CancellationTokenSource Stop)
    {
        public Task<bool> Waiting { get; set; } = Task.FromResult(false);
    }

    private sealed class ServerElement(KernelXconnect owner) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            JoinAfterNext.RequestAsync(Element, request, context, next, (conn, incoming) => JoinAsync(conn, incoming, context), (conn, c) => CloseAsync(conn, c, next));

        private Task JoinAsync(Connection conn, string incoming, NsmContext context) =>
            context.MetadataMap(isClient: false).TryLoad(OutgoingInterface, out var outgoing)
                ? owner.JoinAsync(conn.Id, incoming, outgoing, context.Logger, context.CancellationToken)
                : throw new NsmStatusException(StatusCode.FailedPrecondition, "xconnect: both connections must be KERNEL (the outgoing one has no kernel interface)");

        public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(connection);
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            try
            {
                // Not the caller's token: a caller that gives up on its Close (a client stopping) must not leave the bridge behind.
                await owner.LeaveAsync(connection.Id, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                context.MetadataMap(isClient: false).Delete(OutgoingInterface);
                await next.CloseAsync(connection, context).ConfigureAwait(false);
            }
        }
    }

    private sealed class ClientElement : INetworkServiceClient
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            if (KernelMechanism.ToMechanism(conn.Mechanism)?.InterfaceName is { Length: > 0 } name)
            {
                context.MetadataMap(isClient: false).Store(OutgoingInterface, name);
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
