using Nsm.Sdk.Builder;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>Options of a <see cref="MonitorServer"/>.</summary>
public sealed record MonitorServerOptions
{
    /// <summary>Gets how the passthrough loop opens a stream to the next hop; <see cref="NextHopMonitoring.Grpc"/> when <see langword="null"/>.</summary>
    public MonitorClientFactory? NextHopMonitor { get; init; }
}

/// <summary>
/// The server element that publishes this hop's connections to its <see cref="ConnectionMonitor"/> (upstream's
/// <c>monitor.NewServer</c>):
/// <list type="bullet">
/// <item>it stores the hub in the server metadata as the connection's <see cref="IConnectionEventSink"/>;</item>
/// <item>after a successful Request it publishes UPDATE with the returned connection, keyed by this hop's own segment id;</item>
/// <item>after a failed refresh of an established connection it publishes the request's connection as DOWN;</item>
/// <item>after Close (failed or not) it publishes DELETE;</item>
/// <item>
/// when the client half holds a call invoker to a next hop (a passthrough hop: nsmgr, forwarder), it watches that
/// hop's monitor stream and re-publishes what concerns this connection (REFRESH_REQUESTED, DOWN, path changes), and
/// publishes DOWN when that stream fails, so such signals travel hop by hop back to the client. The stream opens only
/// once a subscriber of this hop watches the connection: nobody to tell, no stream (and no per-connection cost).
/// </item>
/// </list>
/// Put it after the metadata and path elements.
/// </summary>
public sealed partial class MonitorServer : INetworkServiceServer
{
    private static readonly NsmContextKey<PassthroughLoop> LoopKey = new("monitor.passthrough");
    private static readonly NsmContextKey<bool> EstablishedKey = new("monitor.established");

    private readonly MonitorClientFactory _nextHopMonitor;
    private int _activeLoops;

    /// <summary>Initializes the element over a shared hub.</summary>
    /// <param name="monitor">The hub; its chain token bounds every background loop.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public MonitorServer(ConnectionMonitor monitor, MonitorServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Monitor = monitor;
        MonitorConnectionServer = new MonitorConnectionServer(monitor);
        _nextHopMonitor = options?.NextHopMonitor ?? NextHopMonitoring.Grpc;
    }

    /// <summary>Gets the hub this element publishes to.</summary>
    public ConnectionMonitor Monitor { get; }

    /// <summary>Gets the MonitorConnection element serving the hub (put it last in the component's monitor chain).</summary>
    public IMonitorConnectionServer MonitorConnectionServer { get; }

    /// <summary>Gets the number of running passthrough loops (for leak checks).</summary>
    internal int ActiveLoops => Volatile.Read(ref _activeLoops);

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var md = context.MetadataMap(isClient: false);
        if (md.TryLoadAndDelete(LoopKey, out var previous))
        {
            await previous.StopAsync().ConfigureAwait(false);
        }

        md.Store(MonitorMetadata.EventSinkKey, (IConnectionEventSink)Monitor);
        Connection conn;
        try
        {
            conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (md.TryLoad(EstablishedKey, out _) && request.Connection is not null)
        {
            var down = request.Connection.Clone();
            down.State = State.Down;
            Monitor.Send(NextHopMonitoring.Update(down));
            throw;
        }

        md.Store(EstablishedKey, true);
        Monitor.Send(NextHopMonitoring.Update(conn.Clone()));

        if (context.Metadata!.Client.TryLoad(GrpcCallContextKeys.ClientConnection, out var invoker) && !Monitor.Lifetime.IsCancellationRequested)
        {
            var loop = new PassthroughLoop(this, _nextHopMonitor(invoker, context), conn.Clone(), context.Clock, context.Logger);
            md.Store(LoopKey, loop);
        }

        return conn;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var md = context.MetadataMap(isClient: false);
        if (md.TryLoadAndDelete(LoopKey, out var loop))
        {
            await loop.StopAsync().ConfigureAwait(false);
        }

        md.Delete(EstablishedKey);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            Monitor.Send(new ConnectionEvent
            {
                Type = ConnectionEventType.Delete,
                Connections = { [NextHopMonitoring.OwnId(connection)] = connection.Clone() },
            });
        }
    }

    [LoggerMessage(EventId = 1240, Level = LogLevel.Warning, Message = "monitor: the next hop does not know connection {ConnectionId}: publishing DOWN")]
    private static partial void LogUnknownAtNextHop(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 1241, Level = LogLevel.Warning, Message = "monitor: the next hop ended the monitor stream of connection {ConnectionId}: publishing DOWN")]
    private static partial void LogNextHopEnded(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 1242, Level = LogLevel.Warning, Message = "monitor: the monitor stream of the next hop for connection {ConnectionId} failed: publishing DOWN")]
    private static partial void LogNextHopFailed(ILogger logger, Exception? exception, string connectionId);

    [LoggerMessage(EventId = 1243, Level = LogLevel.Information, Message = "monitor: the next hop of connection {ConnectionId} serves no MonitorConnection: not relaying its events")]
    private static partial void LogNoMonitorAtNextHop(ILogger logger, string connectionId);

    /// <summary>Watches the next hop for one connection (<see cref="NextHopWatch"/>) and re-publishes what concerns it.</summary>
    private sealed class PassthroughLoop
    {
        private readonly MonitorServer _owner;
        private readonly CancellationTokenSource _cts;
        private readonly Task _task;

        public PassthroughLoop(MonitorServer owner, IMonitorConnectionClient client, Connection mine, TimeProvider clock, ILogger logger)
        {
            _owner = owner;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(owner.Monitor.Lifetime);
            Interlocked.Increment(ref owner._activeLoops);
            _task = RunAsync(client, mine, clock, logger);
        }

        public async Task StopAsync()
        {
            await _cts.CancelAsync().ConfigureAwait(false);
            await _task.ConfigureAwait(false);
            _cts.Dispose();
        }

        private async Task RunAsync(IMonitorConnectionClient client, Connection mine, TimeProvider clock, ILogger logger)
        {
            await Task.Yield();
            var token = _cts.Token;
            var last = mine;
            var id = NextHopMonitoring.OwnId(mine);
            try
            {
                await _owner.Monitor.WaitForSubscriberAsync(mine, token).ConfigureAwait(false);
                var result = await NextHopWatch.WatchAsync(client, mine, NextHopRetryPolicy.Default, clock, (e, conn) =>
                {
                    if (conn is not null
                        && !(e.Type == ConnectionEventType.InitialStateTransfer && conn.State == mine.State)
                        && !conn.Equals(last))
                    {
                        last = conn;
                        _owner.Monitor.Send(NextHopMonitoring.Update(conn.Clone()));
                    }

                    return false;
                }, token).ConfigureAwait(false);
                switch (result.End)
                {
                    case NextHopWatchEnd.Unknown:
                        // The next hop still does not know the connection: it restarted since the Request, so it is down there.
                        LogUnknownAtNextHop(logger, id);
                        PublishDown(last);
                        break;
                    case NextHopWatchEnd.Ended:
                        LogNextHopEnded(logger, id);
                        PublishDown(last);
                        break;
                    case NextHopWatchEnd.Failed:
                        LogNextHopFailed(logger, result.Error, id);
                        PublishDown(last);
                        break;
                    case NextHopWatchEnd.Unimplemented:
                        // A next hop without a monitor service: nothing to relay, and no reason to call the connection down.
                        LogNoMonitorAtNextHop(logger, id);
                        break;
                }
            }
            catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, token))
            {
            }
            finally
            {
                Interlocked.Decrement(ref _owner._activeLoops);
            }
        }

        private void PublishDown(Connection last)
        {
            var down = last.Clone();
            down.State = State.Down;
            _owner.Monitor.Send(NextHopMonitoring.Update(down));
        }
    }
}
