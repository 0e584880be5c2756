namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// What one component (an nsmgr's forwarder choice, a forwarder's endpoint choice) remembers about candidates whose
/// dial failed with <see cref="NextHopUnreachableException"/>: they are tried after all others, until they
/// re-register (their registration, e.g. URL or expiration, changes), answer again, or the memory expires.
/// </summary>
/// <remarks>
/// An endpoint that died stays registered until its registration expires; without this memory every new client
/// would try it first. It is bounded (the oldest entry goes when full) and its entries expire on the injected clock.
/// </remarks>
/// <param name="capacity">How many candidates it remembers at most (default 1024).</param>
/// <param name="ttl">How long a candidate stays remembered (default one minute, the default registration expiry).</param>
public sealed class UnreachableCandidates(int capacity = 1024, TimeSpan? ttl = null)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));
    private readonly TimeSpan _ttl = ttl ?? TimeSpan.FromMinutes(1);

    /// <summary>Gets the number of remembered candidates (expired ones included until next looked at).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Remembers that <paramref name="name"/> could not be dialed with its current registration.</summary>
    /// <param name="name">The candidate's name.</param>
    /// <param name="registration">A fingerprint of its registration (e.g. URL and expiration).</param>
    /// <param name="clock">The clock.</param>
    public void MarkUnreachable(string name, string registration, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.ContainsKey(name) && _entries.Count >= _capacity)
            {
                EvictLocked(now);
            }

            _entries[name] = new Entry(registration, now);
        }
    }

    /// <summary>Forgets <paramref name="name"/>: it answered.</summary>
    /// <param name="name">The candidate's name.</param>
    public void MarkReachable(string name)
    {
        lock (_lock)
        {
            _entries.Remove(name);
        }
    }

    /// <summary>Whether <paramref name="name"/> is remembered as unreachable with this very registration.</summary>
    /// <param name="name">The candidate's name.</param>
    /// <param name="registration">A fingerprint of its current registration.</param>
    /// <param name="clock">The clock.</param>
    /// <returns><see langword="true"/> when it should be tried last.</returns>
    public bool IsUnreachable(string name, string registration, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        lock (_lock)
        {
            if (!_entries.TryGetValue(name, out var entry))
            {
                return false;
            }

            if (string.Equals(entry.Registration, registration, StringComparison.Ordinal) && clock.GetUtcNow() - entry.Since < _ttl)
            {
                return true;
            }

            _entries.Remove(name); // re-registered or expired
            return false;
        }
    }

    /// <summary>
    /// The candidates in the order to try them: from <paramref name="start"/> (wrapping around), the reachable ones
    /// first, then the unreachable ones, each group in that order.
    /// </summary>
    /// <typeparam name="T">The candidate type.</typeparam>
    /// <param name="candidates">The candidates.</param>
    /// <param name="start">Where to start.</param>
    /// <param name="identify">The candidate's name and registration fingerprint.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The ordered candidates.</returns>
    public List<T> Order<T>(IReadOnlyList<T> candidates, int start, Func<T, (string Name, string Registration)> identify, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(identify);
        var ordered = new List<T>(candidates.Count);
        List<T>? last = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[(start + i) % candidates.Count];
            var (name, registration) = identify(candidate);
            if (IsUnreachable(name, registration, clock))
            {
                (last ??= []).Add(candidate);
            }
            else
            {
                ordered.Add(candidate);
            }
        }

        if (last is not null)
        {
            ordered.AddRange(last);
        }

        return ordered;
    }

    private void EvictLocked(DateTimeOffset now)
    {
        string? oldest = null;
        var oldestSince = DateTimeOffset.MaxValue;
        foreach (var (name, entry) in _entries)
        {
            if (now - entry.Since >= _ttl)
            {
                _entries.Remove(name);
                continue;
            }

            if (entry.Since < oldestSince)
            {
                oldest = name;
                oldestSince = entry.Since;
            }
        }

        if (_entries.Count >= _capacity && oldest is not null)
        {
            _entries.Remove(oldest);
        }
    }

    private readonly record struct Entry(string Registration, DateTimeOffset Since);
}
