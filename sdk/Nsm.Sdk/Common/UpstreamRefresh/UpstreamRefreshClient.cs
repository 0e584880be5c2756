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
            loop.StopActing();
            await loop.StopWatchingAsync().ConfigureAwait(false);
        }

        _notifier?.Unsubscribe(NextHopMonitoring.OwnId(connection));
        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    /// <summary>What asked for a refresh.</summary>
    private enum Signal
    {
        None,
        NextHop,
        Local,
    }

    /// <summary>Waits for one refresh signal (from the next hop or a local notification), then re-requests.</summary>
    private sealed class RefreshLoop(
        UpstreamRefreshClient owner,
        NextHopStream stream,
        Connection mine,
        IConnectionEventFactory factory,
        ChannelReader<bool>? notifications,
        ILogger logger)
        : NextHopLoop<Signal>(stream, mine, "upstreamrefresh", logger, owner._lifetime)
    {
        /// <inheritdoc />
        protected override bool IsSignal(ConnectionEvent e, Connection? connection) =>
            e.Type is ConnectionEventType.InitialStateTransfer or ConnectionEventType.Update && connection is { State: State.RefreshRequested };

        /// <inheritdoc />
        protected override Signal OnStreamEnd(NextHopWatchResult result)
        {
            if (result.End is NextHopWatchEnd.Failed or NextHopWatchEnd.Unimplemented)
            {
                // A lost next hop is heal's business.
                Logger.LogWarning(result.Error, "upstreamrefresh: monitor stream of connection {Id} failed", Id);
            }

            return result.End == NextHopWatchEnd.Stopped ? Signal.NextHop : Signal.None;
        }

        /// <inheritdoc />
        protected override Task<Signal>? WatchOtherAsync(CancellationToken token) => notifications is null ? null : WaitLocalAsync(notifications, token);

        /// <inheritdoc />
        protected override void OnStarted() => Interlocked.Increment(ref owner._activeLoops);

        /// <inheritdoc />
        protected override void OnEnded() => Interlocked.Decrement(ref owner._activeLoops);

        /// <inheritdoc />
        protected override async Task ActAsync(Signal signal, CancellationToken token)
        {
            Logger.LogWarning(
                "upstreamrefresh: refreshing connection {Id} as {Source} asked",
                Id,
                signal == Signal.NextHop ? "the next hop" : "a local notification");
            try
            {
                await factory.RequestAsync(null, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, token))
            {
                return;
            }
#pragma warning disable CA1031 // logged; the next Request (refresh, heal) re-arms the loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Logger.LogWarning(ex, "upstreamrefresh: refresh of connection {Id} failed", Id);
            }

            if (signal == Signal.NextHop)
            {
                owner._notifier?.Notify(Id);
            }
        }

        private static async Task<Signal> WaitLocalAsync(ChannelReader<bool> notifications, CancellationToken token)
        {
            try
            {
                return await notifications.WaitToReadAsync(token).ConfigureAwait(false) && notifications.TryRead(out _) ? Signal.Local : Signal.None;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return Signal.None;
            }
        }
    }
}
