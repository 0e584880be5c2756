namespace Nsm.Sdk.Hosting;

/// <summary>
/// The two moments of an NSM host's stop: the end of the components (the build context's lifetime: after the
/// program's own clean-up) and the cut of the calls still open on the server (streams never end by themselves).
/// </summary>
public sealed class NsmHostLifetime : IDisposable
{
    private readonly CancellationTokenSource _components = new();
    private readonly CancellationTokenSource _serverCut = new();
    private ITimer? _cutTimer;

    /// <summary>Gets the token that ends the components: it is the lifetime of the host's build context.</summary>
    public CancellationToken Components => _components.Token;

    /// <summary>Gets the token that aborts every call still open on the server.</summary>
    public CancellationToken ServerCut => _serverCut.Token;

    /// <summary>Ends the components.</summary>
    /// <returns>A task that completes when the callbacks have run.</returns>
    public Task EndComponentsAsync() => _components.CancelAsync();

    /// <summary>Aborts every call still open on the server after <paramref name="grace"/>.</summary>
    /// <param name="grace">How long calls in flight may still finish.</param>
    /// <param name="clock">The clock.</param>
    public void CutServerAfter(TimeSpan grace, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Interlocked.Exchange(ref _cutTimer, clock.CreateTimer(static s => ((NsmHostLifetime)s!).Cut(), this, grace, Timeout.InfiniteTimeSpan))?.Dispose();
    }

    private void Cut()
    {
        try
        {
            _serverCut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The host is gone already.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cutTimer?.Dispose();
        _components.Dispose();
        _serverCut.Dispose();
    }
}
