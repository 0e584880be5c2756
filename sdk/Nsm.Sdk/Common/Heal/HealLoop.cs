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
internal sealed partial class HealLoop
{
    private readonly HealClient _owner;
    private readonly NextHopStream _stream;
    private readonly Connection _mine;
    private readonly IConnectionEventFactory _factory;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _id;
    private readonly CancellationTokenSource _healCts;
    private readonly TaskCompletionSource _watchDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private bool _disposed;
    private volatile bool _healingStarted;
    private volatile bool _attemptInFlight;

    public HealLoop(HealClient owner, NextHopStream stream, Connection mine, IConnectionEventFactory factory, TimeProvider clock, ILogger logger)
    {
        _owner = owner;
        _stream = stream;
        _mine = mine;
        _factory = factory;
        _clock = clock;
        _logger = logger;
        _id = NextHopMonitoring.OwnId(mine);
        _healCts = CancellationTokenSource.CreateLinkedTokenSource(owner.Lifetime);
    }

    private enum Trigger
    {
        None,
        ControlPlaneDown,
        DataPlaneDown,
    }

    /// <summary>Gets a value indicating whether a heal attempt (a re-request through begin) is running.</summary>
    public bool AttemptInFlight => _attemptInFlight;

    private Func<Connection, CancellationToken, ValueTask<bool>>? Liveness => _owner.Options.LivenessCheck;

    public void Start()
    {
        _owner.LoopStarted();
        _ = RunAsync();
    }

    /// <summary>Stops monitoring (not a heal in progress) and waits for it.</summary>
    /// <returns>Whether the loop had started healing.</returns>
    public async Task<bool> StopMonitoringAsync()
    {
        _stream.Cancel();
        await _watchDone.Task.ConfigureAwait(false);
        return _healingStarted;
    }

    /// <summary>Stops a heal in progress (without waiting: it may be the caller's own re-request).</summary>
    public void StopHealing()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _healCts.Cancel();
            }
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Yield();
            var trigger = await WatchAsync().ConfigureAwait(false);
            if (trigger != Trigger.None && !_healCts.IsCancellationRequested)
            {
                _healingStarted = true;
                _watchDone.TrySetResult();
                await HealAsync(trigger, _healCts.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a background loop must not crash the process; the error is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "heal: loop of connection {Id} failed", _id);
        }
        finally
        {
            _watchDone.TrySetResult();
            lock (_lock)
            {
                _disposed = true;
                _healCts.Dispose();
            }

            _owner.LoopEnded(_id, this);
        }
    }

    private async Task<Trigger> WatchAsync()
    {
        var token = _stream.Token;
        try
        {
            var streamTask = ReadStreamAsync();
            var livenessTask = Liveness is null ? Task.FromResult(Trigger.None) : WatchLivenessAsync(token);
            var first = Liveness is null ? streamTask : await Task.WhenAny(streamTask, livenessTask).ConfigureAwait(false);
            var trigger = await first.ConfigureAwait(false);
            _stream.Cancel();
            await Task.WhenAll(streamTask, livenessTask).ConfigureAwait(false);
            return token.IsCancellationRequested && trigger == Trigger.None ? Trigger.None : trigger;
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Trigger> ReadStreamAsync()
    {
        var result = await NextHopWatch.ReadAsync(_stream, _mine, static (_, conn) => conn is { State: State.Down }).ConfigureAwait(false);
        switch (result.End)
        {
            case NextHopWatchEnd.Cancelled:
                return Trigger.None;
            case NextHopWatchEnd.Stopped:
                _logger.LogWarning("heal: the next hop reports connection {Id} DOWN", _id);
                break;
            case NextHopWatchEnd.Ended:
                _logger.LogWarning("heal: the next hop ended the monitor stream of connection {Id}", _id);
                break;
            default:
                _logger.LogWarning(result.Error, "heal: monitor stream of connection {Id} failed", _id);
                break;
        }

        return Trigger.ControlPlaneDown;
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
                    _logger.LogWarning("heal: data plane of connection {Id} is down", _id);
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
            return await Liveness!(_mine.Clone(), linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "heal: liveness check of connection {Id} failed", _id);
            return false;
        }
    }

    private async Task HealAsync(Trigger trigger, CancellationToken token)
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
                    _logger.LogWarning("heal: data plane of connection {Id} is down too: switching to reselect", _id);
                    reselect = true;
                    HealMetrics.Started(HealMetrics.DataPlaneDown);
                }

                _logger.LogWarning("heal: attempt {Attempt} to {Mode} connection {Id}", attempt, reselect ? "reselect" : "restore", _id);
                _attemptInFlight = true;
                try
                {
                    await _factory.RequestAsync(new EventRequestOptions { Reselect = reselect }, token).ConfigureAwait(false);
                    if (!token.IsCancellationRequested)
                    {
                        // A re-established connection stops this loop from inside the chain (HealClient logs it); a
                        // factory that returns without that had nothing to re-request: the connection was closed.
                        LogNothingToHeal(_logger, _id, attempt);
                    }

                    return;
                }
                catch (Exception ex) when (!NextHopMonitoring.IsOwnCancellation(ex, token))
                {
                    _logger.LogWarning(ex, "heal: attempt {Attempt} for connection {Id} failed; next in {Delay} ms", attempt, _id, delay.TotalMilliseconds);
                    if (!reselect && AnsweredByNextHop(ex))
                    {
                        var now = _clock.GetUtcNow();
                        refusedSince ??= now;
                        if (now - refusedSince >= _owner.Options.RestoreTimeout)
                        {
                            LogRestoreRefused(_logger, _id, (now - refusedSince.Value).TotalMilliseconds);
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

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "heal: restores of connection {Id} refused for {Elapsed} ms while the data plane answers: the path behind the next hop is gone, switching to reselect")]
    private static partial void LogRestoreRefused(ILogger logger, string id, double elapsed);
}
