using Nsm.Sdk.Builder;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>Options of a <see cref="ConnectionMonitor"/>.</summary>
public sealed record ConnectionMonitorOptions
{
    /// <summary>Gets how many events may wait for one subscriber before it is dropped as too slow (default 100).</summary>
    public int SubscriberBufferSize { get; init; } = 100;

}

/// <summary>
/// The connection-event hub of one component (upstream's monitor server state): it keeps the last known state of
/// every connection by id and fans events out to subscribers, each filtered by its <see cref="MonitorScopeSelector"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A new subscriber first gets INITIAL_STATE_TRANSFER with every matching stored connection (possibly none).</item>
/// <item>UPDATE stores clones, DELETE removes; INITIAL_STATE_TRANSFER cannot be published.</item>
/// <item>A subscriber gets a non-initial event only when some connection of it matches its selector.</item>
/// <item>
/// Publishing never waits: each subscriber has a bounded queue and a subscriber whose queue is full is dropped
/// (its stream ends with RESOURCE_EXHAUSTED, and a line is logged), so a slow or dead reader never holds up the others.
/// </item>
/// </list>
/// </remarks>
public sealed class ConnectionMonitor : IConnectionEventSink
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly List<ConnectionSubscription> _subscribers = [];
    private TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _bufferSize;
    private readonly ILogger _logger;
    private readonly CancellationToken _chainToken;
    private bool _stopped;

    /// <summary>Initializes a hub.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="context">The build context: its lifetime ends every subscription; its logger factory logs dropped subscribers.</param>
    public ConnectionMonitor(ConnectionMonitorOptions? options = null, NsmBuildContext? context = null)
    {
        options ??= new ConnectionMonitorOptions();
        context ??= NsmBuildContext.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SubscriberBufferSize, 1, nameof(options));
        _bufferSize = options.SubscriberBufferSize;
        _logger = context.CreateLogger("Nsm.Sdk.Monitor");
        _chainToken = context.Lifetime;
        _chainToken.UnsafeRegister(static s => ((ConnectionMonitor)s!).Stop(), this);
    }

    /// <summary>Gets the lifetime of the component the hub belongs to (<see cref="NsmBuildContext.Lifetime"/>).</summary>
    public CancellationToken Lifetime => _chainToken;

    /// <summary>Gets the number of current subscribers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Gets a copy of the stored connections by id.</summary>
    /// <returns>The connections.</returns>
    public IReadOnlyDictionary<string, Connection> GetConnections()
    {
        lock (_lock)
        {
            return _connections.ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public void Send(ConnectionEvent connectionEvent)
    {
        ArgumentNullException.ThrowIfNull(connectionEvent);
        if (connectionEvent.Type == ConnectionEventType.InitialStateTransfer)
        {
            return;
        }

        List<ConnectionSubscription>? dropped = null;
        lock (_lock)
        {
            foreach (var (id, conn) in connectionEvent.Connections)
            {
                if (connectionEvent.Type == ConnectionEventType.Delete)
                {
                    _connections.Remove(id);
                }
                else
                {
                    _connections[id] = conn.Clone();
                }
            }

            // Writing under the lock keeps every subscriber's order equal to the publishing order; TryWrite never waits.
            foreach (var s in _subscribers)
            {
                var filtered = Filter(connectionEvent.Type, connectionEvent.Connections, s.Selector);
                if (filtered.Connections.Count > 0 && !s.Writer.TryWrite(filtered))
                {
                    (dropped ??= []).Add(s);
                }
            }

            if (dropped is not null)
            {
                foreach (var s in dropped)
                {
                    _subscribers.Remove(s);
                    s.Writer.TryComplete(new NsmStatusException(StatusCode.ResourceExhausted, "monitor subscriber too slow: dropped"));
                }
            }
        }

        if (dropped is not null)
        {
            _logger.LogWarning("Dropped {Count} monitor subscriber(s) whose queue of {Size} events was full", dropped.Count, _bufferSize);
        }
    }

    /// <summary>
    /// Subscribes to the events matching <paramref name="selector"/>. The first event is already queued: it is
    /// INITIAL_STATE_TRANSFER. Dispose the subscription to end it.
    /// </summary>
    /// <param name="selector">What to see; empty sees everything.</param>
    /// <returns>The subscription.</returns>
    public ConnectionSubscription Subscribe(MonitorScopeSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var channel = Channel.CreateBounded<ConnectionEvent>(new BoundedChannelOptions(_bufferSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscription = new ConnectionSubscription(this, selector.Clone(), channel);
        lock (_lock)
        {
            channel.Writer.TryWrite(Filter(ConnectionEventType.InitialStateTransfer, _connections, subscription.Selector));
            if (_stopped)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(subscription);
                _subscribed.TrySetResult();
                _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return subscription;
    }

    /// <summary>
    /// Completes when a subscriber watches <paramref name="connection"/> (its selector matches), at once if one already
    /// does. Relaying a next hop's events for a connection nobody watches is wasted work, so relays wait for this.
    /// </summary>
    /// <param name="connection">The connection as this hop knows it.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when somebody watches.</returns>
    public async Task WaitForSubscriberAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_subscribers.Exists(s => connection.MatchesMonitorScopeSelector(s.Selector)))
                {
                    return;
                }

                changed = _subscribed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal void Unsubscribe(ConnectionSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }

        subscription.Writer.TryComplete();
    }

    private static ConnectionEvent Filter(ConnectionEventType type, IEnumerable<KeyValuePair<string, Connection>> connections, MonitorScopeSelector selector)
    {
        var e = new ConnectionEvent { Type = type };
        foreach (var (id, conn) in connections)
        {
            if (conn.MatchesMonitorScopeSelector(selector))
            {
                e.Connections[id] = conn.Clone();
            }
        }

        return e;
    }

    private void Stop()
    {
        ConnectionSubscription[] all;
        lock (_lock)
        {
            _stopped = true;
            all = [.. _subscribers];
            _subscribers.Clear();
        }

        foreach (var s in all)
        {
            s.Writer.TryComplete();
        }
    }
}

/// <summary>One subscriber of a <see cref="ConnectionMonitor"/>.</summary>
public sealed class ConnectionSubscription : IDisposable
{
    private readonly ConnectionMonitor _monitor;
    private readonly Channel<ConnectionEvent> _channel;

    internal ConnectionSubscription(ConnectionMonitor monitor, MonitorScopeSelector selector, Channel<ConnectionEvent> channel)
    {
        _monitor = monitor;
        Selector = selector;
        _channel = channel;
    }

    /// <summary>Gets the selector of the subscription.</summary>
    public MonitorScopeSelector Selector { get; }

    /// <summary>
    /// Gets the events. The reader completes when the subscription or the hub ends; it fails with an
    /// <see cref="NsmStatusException"/> (RESOURCE_EXHAUSTED) when the subscriber was dropped for being too slow.
    /// </summary>
    public ChannelReader<ConnectionEvent> Events => _channel.Reader;

    internal ChannelWriter<ConnectionEvent> Writer => _channel.Writer;

    /// <summary>Ends the subscription.</summary>
    public void Dispose() => _monitor.Unsubscribe(this);
}
