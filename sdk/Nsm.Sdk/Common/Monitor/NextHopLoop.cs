using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>
/// The loop heal and upstreamrefresh share for one connection after a successful Request: watch the next hop's
/// monitor stream (and, optionally, one more source: the data plane's liveness, local notifications) until one of
/// them reports a signal, then act on it once (heal, refresh) under a token of its own. Watching and acting stop
/// separately: a new Request stops the watch (the act may be that very Request), a Close stops both.
/// </summary>
/// <typeparam name="TSignal">What the watch reports; its default value means "nothing to act on".</typeparam>
internal abstract partial class NextHopLoop<TSignal>
    where TSignal : struct, Enum
{
    private readonly NextHopStream _stream;
    private readonly string _element;
    private readonly CancellationTokenSource _actCts;
    private readonly TaskCompletionSource _watchDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private bool _disposed;
    private volatile bool _acting;

    /// <summary>Initializes the loop.</summary>
    /// <param name="stream">The open monitor stream to the next hop; the loop owns it.</param>
    /// <param name="mine">Our connection (a copy the loop keeps).</param>
    /// <param name="element">The element's name, first word of the loop's log lines.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">The chain's lifetime: it stops the act too.</param>
    protected NextHopLoop(NextHopStream stream, Connection mine, string element, ILogger logger, CancellationToken lifetime)
    {
        _stream = stream;
        _element = element;
        Mine = mine;
        Logger = logger;
        Id = NextHopMonitoring.OwnId(mine);
        _actCts = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
    }

    /// <summary>Gets our connection.</summary>
    protected Connection Mine { get; }

    /// <summary>Gets our connection's id as the next hop knows it.</summary>
    protected string Id { get; }

    /// <summary>Gets the logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>Starts watching in the background.</summary>
    public void Start()
    {
        OnStarted();
        _ = RunAsync();
    }

    /// <summary>Stops watching (not an act in progress: it may be the caller itself) and waits for the watch to end.</summary>
    /// <returns>Whether the loop had gone on to act.</returns>
    public async Task<bool> StopWatchingAsync()
    {
        _stream.Cancel();
        await _watchDone.Task.ConfigureAwait(false);
        return _acting;
    }

    /// <summary>Stops an act in progress (or one yet to come), without waiting.</summary>
    public void StopActing()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _actCts.Cancel();
            }
        }
    }

    /// <summary>Whether an event of the next hop's stream is the signal; the stream is read until it is.</summary>
    /// <param name="e">The event.</param>
    /// <param name="connection">Our connection as the event describes it, or <see langword="null"/>.</param>
    /// <returns>True to stop reading.</returns>
    protected abstract bool IsSignal(ConnectionEvent e, Connection? connection);

    /// <summary>What the end of the stream means (logging what needs saying).</summary>
    /// <param name="result">How the watch of the stream ended.</param>
    /// <returns>The signal, or the default value for none.</returns>
    protected abstract TSignal OnStreamEnd(NextHopWatchResult result);

    /// <summary>Watches the other source until it reports a signal or <paramref name="token"/> ends the watch.</summary>
    /// <param name="token">Ends the watch (then the result is the default value).</param>
    /// <returns>The watch, or <see langword="null"/> when there is no other source.</returns>
    protected virtual Task<TSignal>? WatchOtherAsync(CancellationToken token) => null;

    /// <summary>Acts on the signal.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="token">Stops the act (Close, the chain's end, or the act's success seen from the chain).</param>
    /// <returns>A task that completes when the act is over.</returns>
    protected abstract Task ActAsync(TSignal signal, CancellationToken token);

    /// <summary>Called when the loop starts.</summary>
    protected virtual void OnStarted()
    {
    }

    /// <summary>Called when the loop has ended.</summary>
    protected virtual void OnEnded()
    {
    }

    private static bool IsNone(TSignal signal) => EqualityComparer<TSignal>.Default.Equals(signal, default);

    private async Task RunAsync()
    {
        try
        {
            await Task.Yield();
            var signal = await WatchAsync().ConfigureAwait(false);
            if (!IsNone(signal) && !_actCts.IsCancellationRequested)
            {
                _acting = true;
                _watchDone.TrySetResult();
                await ActAsync(signal, _actCts.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a background loop must not crash the process; the error is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogLoopFailed(Logger, ex, _element, Id);
        }
        finally
        {
            _watchDone.TrySetResult();
            lock (_lock)
            {
                _disposed = true;
                _actCts.Dispose();
            }

            OnEnded();
        }
    }

    private async Task<TSignal> WatchAsync()
    {
        var token = _stream.Token;
        try
        {
            var streamTask = ReadStreamAsync();
            var otherTask = WatchOtherAsync(token);
            var first = otherTask is null ? streamTask : await Task.WhenAny(streamTask, otherTask).ConfigureAwait(false);
            var signal = await first.ConfigureAwait(false);
            if (IsNone(signal) && otherTask is not null && !token.IsCancellationRequested)
            {
                // The stream ended without a signal (a lost next hop is heal's business): the other source still counts.
                signal = await otherTask.ConfigureAwait(false);
            }

            _stream.Cancel();
            await Task.WhenAll(streamTask, otherTask ?? streamTask).ConfigureAwait(false);
            return signal;
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<TSignal> ReadStreamAsync() =>
        OnStreamEnd(await NextHopWatch.ReadAsync(_stream, Mine, IsSignal).ConfigureAwait(false));

    [LoggerMessage(EventId = 1230, Level = LogLevel.Error, Message = "{Element}: loop of connection {Id} failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string element, string id);
}
