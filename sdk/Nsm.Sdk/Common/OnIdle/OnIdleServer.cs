using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.OnIdle;

/// <summary>
/// Notifies once when the endpoint has had no connection for <see cref="OnIdleOptions.Timeout"/>; from then on every
/// Request fails with "endpoint expired".
/// </summary>
/// <remarks>
/// The idle timer starts at construction. A connection being requested or established stops it; when the last
/// connection closes (or a first Request fails and none is left) it starts again. When the chain's lifetime ends
/// first, nothing is notified.
/// </remarks>
public sealed class OnIdleServer : INetworkServiceServer
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Action _notify;
    private readonly TimeSpan _timeout;
    private readonly ITimer? _timer;
    private bool _expired;
    private bool _stopped;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="notify">Called once when the endpoint expires.</param>
    /// <param name="options">The options; a zero timeout disables the element.</param>
    /// <param name="context">The build context: the clock of the idle timer, and the lifetime that stops it (nothing is notified then).</param>
    public OnIdleServer(Action notify, OnIdleOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(notify);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Timeout, TimeSpan.Zero, nameof(options));
        _notify = notify;
        _timeout = options.Timeout;
        if (_timeout == TimeSpan.Zero)
        {
            return;
        }

        context ??= NsmBuildContext.Default;
        _timer = context.TimeProvider.CreateTimer(static s => ((OnIdleServer)s!).OnTimer(), this, _timeout, System.Threading.Timeout.InfiniteTimeSpan);
        context.Lifetime.UnsafeRegister(static s => ((OnIdleServer)s!).Stop(), this);
    }

    /// <summary>Gets a value indicating whether the endpoint has expired.</summary>
    public bool IsExpired
    {
        get
        {
            lock (_lock)
            {
                return _expired;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (_timer is null)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var id = request.Connection?.Id ?? string.Empty;
        bool added;
        lock (_lock)
        {
            if (_expired)
            {
                throw new NsmStatusException(StatusCode.Unavailable, "endpoint expired");
            }

            added = _active.Add(id);
            _timer.Change(System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        }

        try
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch
        {
            Release(id, added);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            if (_timer is not null)
            {
                Release(connection.Id, remove: true);
            }
        }
    }

    private void Release(string id, bool remove)
    {
        lock (_lock)
        {
            if (remove)
            {
                _active.Remove(id);
            }

            if (_active.Count == 0 && !_expired && !_stopped)
            {
                _timer!.Change(_timeout, System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_active.Count > 0 || _expired || _stopped)
            {
                return;
            }

            _expired = true;
        }

        _notify();
    }

    private void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        _timer!.Dispose();
    }
}
