namespace Nsm.Sdk.Common.Timers;

/// <summary>
/// One-shot timers on a <see cref="TimeProvider"/>, at most one per key: arming a key again replaces its timer,
/// cancelling removes it, and a timer that fires first removes itself and then runs its callback. A timer replaced or
/// cancelled after it fired but before it claimed its key never runs its callback.
/// </summary>
/// <remarks>What the registry's expiry and refresh elements and its in-memory store each hand-wrote before
/// (a dictionary of timers keyed by name with a "still mine?" check on fire).</remarks>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class KeyedTimers<TKey> : IDisposable
    where TKey : notnull
{
    private readonly TimeProvider _clock;
    private readonly Dictionary<TKey, Slot> _slots;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Initializes an empty set of timers.</summary>
    /// <param name="clock">The clock the timers run on, unless <see cref="Schedule"/> names another.</param>
    /// <param name="comparer">Compares keys; <see langword="null"/> for the default comparer.</param>
    public KeyedTimers(TimeProvider clock, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _slots = new Dictionary<TKey, Slot>(comparer);
    }

    /// <summary>Gets the number of armed timers.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Arms (or re-arms) the timer of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="due">The delay; zero or negative fires at once.</param>
    /// <param name="callback">Runs once on the timer's thread when the timer fires, after the key was released;
    /// it must not throw.</param>
    /// <param name="clock">The clock of this timer (a call context's); <see langword="null"/> for the one given at construction.</param>
    /// <exception cref="ObjectDisposedException">The timers were disposed.</exception>
    public void Schedule(TKey key, TimeSpan due, Action callback, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var slot = new Slot(this, key, callback);
        Slot? previous;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _slots.Remove(key, out previous);
            _slots[key] = slot;
            slot.Timer = (clock ?? _clock).CreateTimer(static s => ((Slot)s!).Fire(), slot, System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        }

        previous?.Timer?.Dispose();
        slot.Timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets whether a timer is armed for <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> while the key's timer has neither fired nor been cancelled.</returns>
    public bool IsArmed(TKey key)
    {
        lock (_lock)
        {
            return _slots.ContainsKey(key);
        }
    }

    /// <summary>Cancels the timer of <paramref name="key"/>, if any.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a timer was cancelled.</returns>
    public bool Cancel(TKey key)
    {
        Slot? slot;
        lock (_lock)
        {
            if (!_slots.Remove(key, out slot))
            {
                return false;
            }
        }

        slot.Timer?.Dispose();
        return true;
    }

    /// <summary>Cancels every timer; later <see cref="Schedule"/> calls throw.</summary>
    public void Dispose()
    {
        Slot[] slots;
        lock (_lock)
        {
            _disposed = true;
            slots = [.. _slots.Values];
            _slots.Clear();
        }

        foreach (var slot in slots)
        {
            slot.Timer?.Dispose();
        }
    }

    private bool Claim(Slot slot)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(slot.Key, out var current) || !ReferenceEquals(current, slot))
            {
                return false; // cancelled or re-armed meanwhile
            }

            _slots.Remove(slot.Key);
            return true;
        }
    }

    private sealed class Slot(KeyedTimers<TKey> owner, TKey key, Action callback)
    {
        public TKey Key { get; } = key;

        public ITimer? Timer { get; set; }

        public void Fire()
        {
            if (!owner.Claim(this))
            {
                return;
            }

            Timer?.Dispose();
            callback();
        }
    }
}
