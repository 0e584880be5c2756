using Nsm.Sdk.Builder;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.UpstreamRefresh;

/// <summary>
/// The client element that refreshes a connection when the next hop asks for it (upstream's
/// <c>upstreamrefresh.NewClient</c>): after every successful Request it watches the next hop's monitor stream, and
/// when an UPDATE or the initial state shows our connection REFRESH_REQUESTED it re-requests through begin's event
/// factory (and, with local notifications, asks the client's other connections to refresh too). One loop handles one
/// such event; the re-request starts the next loop.
/// </summary>
/// <remarks>
/// Needs metadata and begin before it and the next hop's call invoker (dial/clientconn) in the client metadata. A
/// monitor stream that cannot be opened or that fails is logged and otherwise ignored: losing the next hop is heal's
/// business.
/// </remarks>
/// <param name="options">The options; defaults when <see langword="null"/>.</param>
/// <param name="context">The build context: its lifetime stops every loop.</param>
public sealed class UpstreamRefreshClient(UpstreamRefreshOptions? options = null, NsmBuildContext? context = null) : INetworkServiceClient
{
    private readonly CancellationToken _lifetime = context?.Lifetime ?? CancellationToken.None;
    private static readonly NsmContextKey<RefreshLoop> LoopKey = new("upstreamrefresh.loop");
    private readonly UpstreamRefreshOptions _options = options ?? new UpstreamRefreshOptions();
    private readonly MonitorClientFactory _nextHopMonitor = options?.NextHopMonitor ?? NextHopMonitoring.Grpc;
    private readonly LocalNotifier? _notifier = options?.LocalNotifications == true ? new LocalNotifier() : null;
    private int _activeLoops;

    /// <summary>Gets the number of running loops (for leak checks).</summary>
    internal int ActiveLoops => Volatile.Read(ref _activeLoops);

    /// <summary>Gets the number of connections subscribed to local notifications (for leak checks).</summary>
    internal int NotifierSubscribers => _notifier?.Count ?? 0;

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var md = context.MetadataMap(isClient: true);
        if (md.TryLoadAndDelete(LoopKey, out var previous))
        {
            await previous.StopWatchingAsync().ConfigureAwait(false);
        }

        if (_notifier is not null)
        {
            md.Store(UpstreamRefreshMetadata.LocalNotifierKey, (ILocalNotifier)_notifier);
        }

        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        if (_lifetime.IsCancellationRequested
            || !md.TryLoad(GrpcCallContextKeys.ClientConnection, out var invoker)
            || context.EventFactory() is not { } factory)
        {
            return conn;
        }

        var id = NextHopMonitoring.OwnId(conn);
        NextHopStream stream;
        try
        {
            stream = await NextHopStream.OpenAsync(_nextHopMonitor(invoker, context), conn, _lifetime, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            context.Logger.LogWarning(ex, "upstreamrefresh: can't monitor the next hop of {Id}: refresh requests will be missed", id);
            return conn;
        }

        var loop = new RefreshLoop(this, stream, conn.Clone(), factory, _notifier?.Subscribe(id), context.Logger);
        md.Store(LoopKey, loop);
        loop.Start();
        return conn;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient: true).TryLoadAndDelete(LoopKey, out var loop))
        {
            loop.StopRefreshing();
            await loop.StopWatchingAsync().ConfigureAwait(false);
        }

        _notifier?.Unsubscribe(NextHopMonitoring.OwnId(connection));
        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    /// <summary>Waits for one refresh signal (from the next hop or a local notification), then re-requests.</summary>
    private sealed class RefreshLoop
    {
        private readonly UpstreamRefreshClient _owner;
        private readonly NextHopStream _stream;
        private readonly Connection _mine;
        private readonly IConnectionEventFactory _factory;
        private readonly ChannelReader<bool>? _notifications;
        private readonly ILogger _logger;
        private readonly string _id;
        private readonly CancellationTokenSource _actCts;
        private readonly TaskCompletionSource _watchDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private bool _disposed;

        public RefreshLoop(UpstreamRefreshClient owner, NextHopStream stream, Connection mine, IConnectionEventFactory factory, ChannelReader<bool>? notifications, ILogger logger)
        {
            _owner = owner;
            _stream = stream;
            _mine = mine;
            _factory = factory;
            _notifications = notifications;
            _logger = logger;
            _id = NextHopMonitoring.OwnId(mine);
            _actCts = CancellationTokenSource.CreateLinkedTokenSource(owner._lifetime);
        }

        private enum Signal
        {
            None,
            NextHop,
            Local,
        }

        public void Start()
        {
            Interlocked.Increment(ref _owner._activeLoops);
            _ = RunAsync();
        }

        /// <summary>Stops watching and waits for it (a refresh in progress goes on: it may be the caller itself).</summary>
        /// <returns>A task that completes when the watch has ended.</returns>
        public Task StopWatchingAsync()
        {
            _stream.Cancel();
            return _watchDone.Task;
        }

        /// <summary>Stops a refresh in progress, without waiting.</summary>
        public void StopRefreshing()
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _actCts.Cancel();
                }
            }
        }

        private async Task RunAsync()
        {
            try
            {
                await Task.Yield();
                var signal = await WatchAsync().ConfigureAwait(false);
                _watchDone.TrySetResult();
                if (signal != Signal.None)
                {
                    await RefreshAsync(signal, _actCts.Token).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // a background loop must not crash the process; the error is logged
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "upstreamrefresh: loop of connection {Id} failed", _id);
            }
            finally
            {
                _watchDone.TrySetResult();
                lock (_lock)
                {
                    _disposed = true;
                    _actCts.Dispose();
                }

                Interlocked.Decrement(ref _owner._activeLoops);
            }
        }

        private async Task<Signal> WatchAsync()
        {
            var token = _stream.Token;
            try
            {
                var streamTask = ReadStreamAsync();
                var localTask = _notifications is null ? Task.FromResult(Signal.None) : WaitLocalAsync(token);
                var first = _notifications is null ? streamTask : await Task.WhenAny(streamTask, localTask).ConfigureAwait(false);
                var signal = await first.ConfigureAwait(false);
                if (signal == Signal.None && _notifications is not null && !token.IsCancellationRequested)
                {
                    // The stream ended (heal's business): still honour local notifications.
                    signal = await localTask.ConfigureAwait(false);
                }

                _stream.Cancel();
                await Task.WhenAll(streamTask, localTask).ConfigureAwait(false);
                return signal;
            }
            finally
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task<Signal> ReadStreamAsync()
        {
            var result = await NextHopWatch.ReadAsync(
                _stream,
                _mine,
                static (e, conn) => e.Type is ConnectionEventType.InitialStateTransfer or ConnectionEventType.Update && conn is { State: State.RefreshRequested })
                .ConfigureAwait(false);
            if (result.End is NextHopWatchEnd.Failed or NextHopWatchEnd.Unimplemented)
            {
                // A lost next hop is heal's business.
                _logger.LogWarning(result.Error, "upstreamrefresh: monitor stream of connection {Id} failed", _id);
            }

            return result.End == NextHopWatchEnd.Stopped ? Signal.NextHop : Signal.None;
        }

        private async Task<Signal> WaitLocalAsync(CancellationToken token)
        {
            try
            {
                return await _notifications!.WaitToReadAsync(token).ConfigureAwait(false) && _notifications.TryRead(out _) ? Signal.Local : Signal.None;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return Signal.None;
            }
        }

        private async Task RefreshAsync(Signal signal, CancellationToken token)
        {
            _logger.LogWarning(
                "upstreamrefresh: refreshing connection {Id} as {Source} asked",
                _id,
                signal == Signal.NextHop ? "the next hop" : "a local notification");
            try
            {
                await _factory.RequestAsync(null, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, token))
            {
                return;
            }
#pragma warning disable CA1031 // logged; the next Request (refresh, heal) re-arms the loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning(ex, "upstreamrefresh: refresh of connection {Id} failed", _id);
            }

            if (signal == Signal.NextHop)
            {
                _owner._notifier?.Notify(_id);
            }
        }
    }
}
