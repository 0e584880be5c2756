using Nsm.Sdk.Builder;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Heal;

/// <summary>
/// Watches one connection (monitor stream and liveness) and, once it is lost, heals it. Monitoring ends when a
/// new Request or Close arrives; healing ends on success, on Close, or with the chain.
/// </summary>
internal sealed partial class HealLoop : NextHopLoop<HealLoop.Trigger>
{
    private readonly HealClient _owner;
    private readonly IConnectionEventFactory _factory;
    private readonly TimeProvider _clock;
    private volatile bool _attemptInFlight;

    public HealLoop(HealClient owner, NextHopStream stream, Connection mine, IConnectionEventFactory factory, TimeProvider clock, ILogger logger)
        : base(stream, mine, "heal", logger, owner.Lifetime)
    {
        _owner = owner;
        _factory = factory;
        _clock = clock;
    }

    /// <summary>What lost the connection.</summary>
    internal enum Trigger
    {
        None,
        ControlPlaneDown,
        DataPlaneDown,
    }

    /// <summary>Gets a value indicating whether a heal attempt (a re-request through begin) is running.</summary>
    public bool AttemptInFlight => _attemptInFlight;

    private Func<Connection, CancellationToken, ValueTask<bool>>? Liveness => _owner.Options.LivenessCheck;

    /// <inheritdoc />
    protected override bool IsSignal(ConnectionEvent e, Connection? connection) => connection is { State: State.Down };

    /// <inheritdoc />
    protected override Trigger OnStreamEnd(NextHopWatchResult result)
    {
        switch (result.End)
        {
            case NextHopWatchEnd.Cancelled:
                return Trigger.None;
            case NextHopWatchEnd.Stopped:
                Logger.LogWarning("heal: the next hop reports connection {Id} DOWN", Id);
                break;
            case NextHopWatchEnd.Ended:
                Logger.LogWarning("heal: the next hop ended the monitor stream of connection {Id}", Id);
                break;
            default:
                Logger.LogWarning(result.Error, "heal: monitor stream of connection {Id} failed", Id);
                break;
        }

        return Trigger.ControlPlaneDown;
    }

    /// <inheritdoc />
    protected override Task<Trigger>? WatchOtherAsync(CancellationToken token) => Liveness is null ? null : WatchLivenessAsync(token);

    /// <inheritdoc />
    protected override void OnStarted() => _owner.LoopStarted();

    /// <inheritdoc />
    protected override void OnEnded() => _owner.LoopEnded(Id, this);

    /// <inheritdoc />
    protected override async Task ActAsync(Trigger trigger, CancellationToken token)
    {
        var reselect = trigger == Trigger.DataPlaneDown || Liveness is null;
        HealMetrics.Started(trigger == Trigger.DataPlaneDown ? HealMetrics.Liveness : reselect ? HealMetrics.Reselect : HealMetrics.Restore);
        var delay = _owner.Options.FirstRetryDelay;
        DateTimeOffset? refusedSince = null;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (!reselect && !await IsAliveAsync(token).ConfigureAwait(false))
                {
                    Logger.LogWarning("heal: data plane of connection {Id} is down too: switching to reselect", Id);
                    reselect = true;
                    HealMetrics.Started(HealMetrics.DataPlaneDown);
                }

                Logger.LogWarning("heal: attempt {Attempt} to {Mode} connection {Id}", attempt, reselect ? "reselect" : "restore", Id);
                _attemptInFlight = true;
                try
                {
                    await _factory.RequestAsync(new EventRequestOptions { Reselect = reselect }, token).ConfigureAwait(false);
                    if (!token.IsCancellationRequested)
                    {
                        // A re-established connection stops this loop from inside the chain (HealClient logs it); a
                        // factory that returns without that had nothing to re-request: the connection was closed.
                        LogNothingToHeal(Logger, Id, attempt);
                    }

                    return;
                }
                catch (Exception ex) when (!NextHopMonitoring.IsOwnCancellation(ex, token))
                {
                    Logger.LogWarning(ex, "heal: attempt {Attempt} for connection {Id} failed; next in {Delay} ms", attempt, Id, delay.TotalMilliseconds);
                    if (!reselect && AnsweredByNextHop(ex) && ex is RpcException { StatusCode: StatusCode.NotFound })
                    {
                        // The path behind the next hop names something that no longer exists (an endpoint gone from the
                        // registry, its process gone): restoring it cannot succeed.
                        LogRestoreNotFound(Logger, Id);
                        reselect = true;
                        HealMetrics.Started(HealMetrics.RestoreRefused);
                    }
                    else if (!reselect && AnsweredByNextHop(ex))
                    {
                        var now = _clock.GetUtcNow();
                        refusedSince ??= now;
                        if (now - refusedSince >= _owner.Options.RestoreTimeout)
                        {
                            LogRestoreRefused(Logger, Id, (now - refusedSince.Value).TotalMilliseconds);
                            reselect = true;
                            HealMetrics.Started(HealMetrics.RestoreRefused);
                        }
                    }
                }
                finally
                {
                    _attemptInFlight = false;
                }

                await Task.Delay(delay, _clock, token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _owner.Options.MaxRetryDelay.Ticks));
            }
        }
        catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, token))
        {
            // Closed, healed by another Request, or the chain ended.
        }
    }

    private async Task<Trigger> WatchLivenessAsync(CancellationToken token)
    {
        try
        {
            using var timer = new PeriodicTimer(_owner.Options.LivenessCheckInterval, _clock);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (!await IsAliveAsync(token).ConfigureAwait(false))
                {
                    Logger.LogWarning("heal: data plane of connection {Id} is down", Id);
                    return Trigger.DataPlaneDown;
                }
            }

            return Trigger.None;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Trigger.None;
        }
    }

    /// <summary>Runs the liveness check with its timeout; a timeout or an error counts as dead.</summary>
    private async Task<bool> IsAliveAsync(CancellationToken token)
    {
        using var timeout = new CancellationTokenSource(_owner.Options.LivenessCheckTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            var alive = await Liveness!(Mine.Clone(), linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            HealMetrics.Checked(alive ? HealMetrics.Alive : HealMetrics.Dead);
            return alive;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            HealMetrics.Checked(HealMetrics.Timeout);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HealMetrics.Checked(HealMetrics.Error);
            Logger.LogWarning(ex, "heal: liveness check of connection {Id} failed", Id);
            return false;
        }
    }

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "heal: connection {ConnectionId} is no longer established (closed): heal stops after {Attempt} attempt(s)")]
    private static partial void LogNothingToHeal(ILogger logger, string connectionId, int attempt);

    /// <summary>
    /// Whether the next hop answered the re-request with an error (a status it sent), as opposed to not being reached
    /// (refused dial, a transport failure gRPC reports with its own exception, or a deadline).
    /// </summary>
    private static bool AnsweredByNextHop(Exception ex) => ex switch
    {
        Nsm.Sdk.Common.Dial.NextHopUnreachableException => false,
        RpcException rpc => rpc.Status.DebugException is null && rpc.StatusCode is not (StatusCode.DeadlineExceeded or StatusCode.Cancelled),
        _ => false,
    };

    [LoggerMessage(EventId = 1223, Level = LogLevel.Warning, Message = "heal: the restore of connection {Id} names something that is gone (NotFound): switching to reselect")]
    private static partial void LogRestoreNotFound(ILogger logger, string id);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "heal: restores of connection {Id} refused for {Elapsed} ms while the data plane answers: the path behind the next hop is gone, switching to reselect")]
    private static partial void LogRestoreRefused(ILogger logger, string id, double elapsed);
}
