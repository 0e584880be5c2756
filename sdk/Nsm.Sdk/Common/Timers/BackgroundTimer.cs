using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.Timers;

/// <summary>
/// Runs an asynchronous callback once, after a delay on a <see cref="TimeProvider"/>, unless it is disposed first
/// or the lifetime token (the chain's) is cancelled. Disposing also cancels a running callback.
/// </summary>
internal sealed class BackgroundTimer : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private CancellationTokenRegistration _lifetime;
    private Task _running = Task.CompletedTask;

    /// <summary>Initializes and arms a timer.</summary>
    /// <param name="clock">The clock.</param>
    /// <param name="due">The delay; a negative delay fires at once.</param>
    /// <param name="callback">The work; its token is cancelled by <see cref="Dispose"/> and by <paramref name="lifetime"/>.</param>
    /// <param name="logger">Logs a failing callback.</param>
    /// <param name="lifetime">Ends the timer (the chain's lifetime).</param>
    public BackgroundTimer(TimeProvider clock, TimeSpan due, Func<CancellationToken, Task> callback, ILogger logger, CancellationToken lifetime)
    {
        _callback = callback;
        _logger = logger;
        _timer = clock.CreateTimer(static s => ((BackgroundTimer)s!).Fire(), this, System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        _lifetime = lifetime.UnsafeRegister(static s => ((BackgroundTimer)s!).Dispose(), this);
        if (!_cts.IsCancellationRequested)
        {
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Gets a value indicating whether the timer was disposed or its lifetime ended.</summary>
    public bool IsCancelled => _cts.IsCancellationRequested;

    /// <summary>Gets the running (or last) callback, for tests.</summary>
    public Task Completion => Volatile.Read(ref _running);

    /// <summary>Stops the timer and cancels a running callback.</summary>
    public void Dispose()
    {
        lock (_cts)
        {
            if (_cts.IsCancellationRequested)
            {
                return;
            }

            _cts.Cancel();
        }

        _timer.Dispose();
        _lifetime.Unregister();
    }

    private void Fire()
    {
        if (!_cts.IsCancellationRequested)
        {
            Volatile.Write(ref _running, RunAsync());
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await _callback(_cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // Cancelled by Close, a newer Request or the end of the chain.
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "background timer callback failed");
        }
    }
}
