namespace Nsm.Sdk.Ipam;

/// <summary>
/// The leases of an allocator by connection id, under one lock: a refresh returns the held lease unless it is now
/// excluded (then it is freed and replaced), a first allocation is recorded, and release frees and forgets. The
/// strategy supplies how to take a fresh lease and how to free one; both run under the table's lock.
/// </summary>
/// <param name="free">Gives a lease's addresses back to the pools.</param>
internal sealed class LeaseTable(Action<IpamLease> free)
{
    private readonly Dictionary<string, IpamAllocation> _leases = new(StringComparer.Ordinal);

    /// <summary>Gets the lock that guards the table and the strategy's pools.</summary>
    public Lock Lock { get; } = new();

    /// <summary>Gets the number of leases.</summary>
    public int Count
    {
        get
        {
            lock (Lock)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Gets the number of leases while <see cref="Lock"/> is held (for error messages).</summary>
    public int CountLocked => _leases.Count;

    /// <summary>Refreshes or allocates the lease of <paramref name="connectionId"/>.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="exclude">The request's exclusions.</param>
    /// <param name="state">What <paramref name="take"/> needs (passed through, so that no closure is allocated).</param>
    /// <param name="take">Takes a fresh lease for the connection id and exclusions (or throws, taking nothing).</param>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <returns>The allocation.</returns>
    public IpamAllocation Allocate<TState>(string connectionId, ExcludedPrefixes exclude, TState state, Func<string, ExcludedPrefixes, TState, IpamLease> take)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(exclude);
        lock (Lock)
        {
            IpamLease? replaced = null;
            if (_leases.TryGetValue(connectionId, out var existing))
            {
                if (!existing.Lease.IsExcludedBy(exclude))
                {
                    return existing;
                }

                free(existing.Lease);
                _leases.Remove(connectionId);
                replaced = existing.Lease;
            }

            var lease = take(connectionId, exclude, state);
            _leases[connectionId] = new IpamAllocation(lease, false, null);
            return new IpamAllocation(lease, true, replaced);
        }
    }

    /// <summary>Frees the connection's lease and forgets it.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when the connection held nothing.</returns>
    public bool Release(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (Lock)
        {
            if (!_leases.Remove(connectionId, out var existing))
            {
                return false;
            }

            free(existing.Lease);
            return true;
        }
    }

    /// <summary>Gets the connection's current lease.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The lease, or <see langword="null"/>.</returns>
    public IpamLease? Get(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (Lock)
        {
            return _leases.TryGetValue(connectionId, out var a) ? a.Lease : null;
        }
    }
}
