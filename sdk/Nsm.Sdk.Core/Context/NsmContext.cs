using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nsm.Sdk.Core;

/// <summary>
/// The explicit per-call context that travels with a Request or Close through a chain: cancellation and
/// deadline, the clock, the logger, the caller, per-connection metadata and values that one element passes
/// to later ones.
/// </summary>
/// <remarks>
/// One instance serves one call. Elements may add values; they stay visible to every later element of the
/// same call (including the client half of a server chain). Background work (refresh, heal, expiry) never
/// reuses a context: it forks one with <see cref="Fork(DateTimeOffset?, CancellationToken)"/>.
/// </remarks>
public sealed class NsmContext
{
    private KeyValuePair<object, object?>[]? _values;
    private int _count;

    /// <summary>Initializes a new context.</summary>
    /// <param name="clock">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; a null logger when <see langword="null"/>.</param>
    /// <param name="deadline">The call's deadline, when it has one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public NsmContext(TimeProvider? clock = null, ILogger? logger = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default)
    {
        CancellationToken = cancellationToken;
        Clock = clock ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        Deadline = deadline;
        TraceEnabled = Logger.IsEnabled(LogLevel.Debug) || NsmDiagnostics.ActivitySource.HasListeners();
    }

    /// <summary>Gets the token that cancels this call.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the call's deadline, or <see langword="null"/> when it has none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Gets the clock every element must use instead of reading the system time.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets or sets the logger; elements that know the connection id replace it with a scoped one.</summary>
    public ILogger Logger { get; set; }

    /// <summary>Gets a value indicating whether per-element tracing runs for this call (decided once, at creation).</summary>
    public bool TraceEnabled { get; }

    /// <summary>Gets or sets what the server knows about its caller; <see langword="null"/> for in-process calls.</summary>
    public PeerInfo? Peer { get; set; }

    /// <summary>Gets or sets the per-connection metadata, set by the metadata element.</summary>
    public ConnectionMetadata? Metadata { get; set; }

    /// <summary>Gets or sets the URL the client half dials next (set by discover, clienturl, ...).</summary>
    public Uri? ClientUrl { get; set; }

    /// <summary>Gets the time left until the deadline, or <see langword="null"/> when there is no deadline.</summary>
    public TimeSpan? RemainingTime => Deadline is { } d ? d - Clock.GetUtcNow() : null;

    /// <summary>Stores a value for later elements of this call.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Set<T>(NsmContextKey<T> key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_values![i].Key, key))
            {
                _values[i] = new(key, value);
                return;
            }
        }

        if (_values is null || _count == _values.Length)
        {
            Array.Resize(ref _values, _count == 0 ? 4 : _count * 2);
        }

        _values[_count++] = new(key, value);
    }

    /// <summary>Reads a value stored by an earlier element.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when a value is stored under <paramref name="key"/>.</returns>
    public bool TryGet<T>(NsmContextKey<T> key, out T value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_values![i].Key, key))
            {
                value = (T)_values[i].Value!;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Reads a value stored by an earlier element, or the default.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <c>default</c>.</returns>
    public T? GetOrDefault<T>(NsmContextKey<T> key) => TryGet(key, out var v) ? v : default;

    /// <summary>Removes a value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    public void Remove<T>(NsmContextKey<T> key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_values![i].Key, key))
            {
                _values[i] = _values[--_count];
                _values[_count] = default;
                return;
            }
        }
    }

    /// <summary>
    /// Captures the values, logger, metadata and client URL as they are now, so that a failed attempt can be
    /// undone with <see cref="Restore(NsmContextCheckpoint)"/> before the next one (a candidate tried after a
    /// failed one must not see what the failed attempt stored, such as a begin element's key).
    /// </summary>
    /// <returns>The checkpoint.</returns>
    public NsmContextCheckpoint Checkpoint() =>
        new(_count == 0 ? null : (KeyValuePair<object, object?>[])_values!.Clone(), _count, Logger, Metadata, ClientUrl);

    /// <summary>Puts back what <see cref="Checkpoint"/> captured; values stored since are dropped.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    public void Restore(NsmContextCheckpoint checkpoint)
    {
        _values = checkpoint.Values is null ? null : (KeyValuePair<object, object?>[])checkpoint.Values.Clone();
        _count = checkpoint.Count;
        Logger = checkpoint.Logger;
        Metadata = checkpoint.Metadata;
        ClientUrl = checkpoint.ClientUrl;
    }

    /// <summary>
    /// Creates a context for other work with the same values, clock, logger, caller and client URL, but its own
    /// cancellation and deadline (what upstream calls "postpone" and "extend").
    /// </summary>
    /// <param name="deadline">The new deadline.</param>
    /// <param name="cancellationToken">The new cancellation.</param>
    /// <returns>The new context.</returns>
    public NsmContext Fork(DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var fork = new NsmContext(Clock, Logger, deadline, cancellationToken)
        {
            Peer = Peer,
            Metadata = Metadata,
            ClientUrl = ClientUrl,
        };
        if (_count > 0)
        {
            fork._values = (KeyValuePair<object, object?>[])_values!.Clone();
            fork._count = _count;
        }

        return fork;
    }
}
