namespace Nsm.Sdk.Ipam;

/// <summary>
/// A thread-safe pool of free IPv4 or IPv6 addresses, stored as ranges (a /8 or a /64 is one entry). Pulls hand out the
/// lowest free address first. Every operation is atomic: a failed pull takes nothing.
/// </summary>
/// <remarks>
/// Like upstream <c>ippool.IPPool</c>, every address of the prefix is allocatable, including the IPv4 network and
/// broadcast addresses; use <see cref="Exclude(IpCidr)"/> to hold some back.
/// </remarks>
public sealed class IpPool
{
    private readonly Lock _lock = new();
    private readonly IpRangeSet _free = new();

    /// <summary>Creates an empty pool; fill it with <see cref="Add(IpCidr)"/>.</summary>
    /// <param name="family">The family of every address in the pool.</param>
    /// <param name="name">A description used in error messages.</param>
    public IpPool(IpFamily family, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Family = family;
        Name = name;
    }

    /// <summary>Creates a pool holding every address of <paramref name="prefix"/>; errors name the prefix.</summary>
    /// <param name="prefix">The prefix (host bits are ignored).</param>
    public IpPool(IpCidr prefix)
        : this(prefix.Family, prefix.Network.ToString())
    {
        _free.Add(prefix.Range);
    }

    /// <summary>The family of every address in the pool.</summary>
    public IpFamily Family { get; }

    /// <summary>A description used in error messages, usually the CIDR the pool was built from.</summary>
    public string Name { get; }

    /// <summary>Number of free addresses (saturating).</summary>
    public UInt128 FreeCount
    {
        get
        {
            lock (_lock)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>True when no address is free.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _free.IsEmpty;
            }
        }
    }

    /// <summary>Creates a pool from a CIDR string, parsed strictly.</summary>
    /// <param name="cidr">E.g. <c>10.100.1.0/24</c>.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="InvalidCidrException">The CIDR is malformed.</exception>
    public static IpPool FromCidr(string cidr) => new(IpCidr.Parse(cidr));

    /// <summary>Adds every address of a prefix to the free set.</summary>
    /// <param name="prefix">The prefix (same family).</param>
    public void Add(IpCidr prefix)
    {
        CheckFamily(prefix.Family);
        lock (_lock)
        {
            _free.Add(prefix.Range);
        }
    }

    /// <summary>Adds an inclusive range of addresses to the free set.</summary>
    /// <param name="first">First address.</param>
    /// <param name="last">Last address.</param>
    public void Add(IpAddr first, IpAddr last)
    {
        CheckFamily(first.Family);
        var range = IpRange.FromAddresses(first, last);
        lock (_lock)
        {
            _free.Add(range);
        }
    }

    /// <summary>Removes every address of a prefix from the free set (they will never be pulled).</summary>
    /// <param name="prefix">The prefix; a different family is ignored.</param>
    public void Exclude(IpCidr prefix)
    {
        if (prefix.Family != Family)
        {
            return;
        }

        lock (_lock)
        {
            _free.Remove(prefix.Range);
        }
    }

    /// <summary>Removes an inclusive range of addresses from the free set.</summary>
    /// <param name="first">First address.</param>
    /// <param name="last">Last address.</param>
    public void Exclude(IpAddr first, IpAddr last)
    {
        CheckFamily(first.Family);
        var range = IpRange.FromAddresses(first, last);
        lock (_lock)
        {
            _free.Remove(range);
        }
    }

    /// <summary>True when <paramref name="address"/> is free.</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when free; false for another family.</returns>
    public bool Contains(IpAddr address)
    {
        if (address.Family != Family)
        {
            return false;
        }

        lock (_lock)
        {
            return _free.Contains(address.Value);
        }
    }

    /// <summary>True when every address of <paramref name="prefix"/> is free.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <returns>True when all free; false for another family.</returns>
    public bool Contains(IpCidr prefix)
    {
        if (prefix.Family != Family)
        {
            return false;
        }

        lock (_lock)
        {
            return _free.ContainsAll(prefix.Range);
        }
    }

    /// <summary>Takes the lowest free address that is not excluded.</summary>
    /// <param name="exclude">Addresses to skip (they stay free), or null.</param>
    /// <returns>The address.</returns>
    /// <exception cref="IpamExhaustedException">No free address is left (outside the exclusions).</exception>
    public IpAddr Pull(ExcludedPrefixes? exclude = null)
    {
        if (!TryPull(exclude, out var address))
        {
            throw Exhausted(1);
        }

        return address;
    }

    /// <summary>Takes the lowest free address that is not excluded, if any.</summary>
    /// <param name="exclude">Addresses to skip, or null.</param>
    /// <param name="address">The address taken.</param>
    /// <returns>False when nothing is left.</returns>
    public bool TryPull(ExcludedPrefixes? exclude, out IpAddr address)
    {
        var ex = ExcludeSet(exclude);
        lock (_lock)
        {
            if (_free.TryFindLowest(ex, out var v))
            {
                _free.Remove(new IpRange(v, v));
                address = new IpAddr(Family, v);
                return true;
            }
        }

        address = default;
        return false;
    }

    /// <summary>
    /// Takes the two lowest free addresses for a point-to-point link, atomically. The first (lower) is the endpoint
    /// (<c>dst</c>) side and the second the client (<c>src</c>) side, as upstream <c>PullP2PAddrs</c> does.
    /// </summary>
    /// <param name="exclude">Addresses to skip, or null.</param>
    /// <returns>The pair.</returns>
    /// <exception cref="IpamExhaustedException">Fewer than two addresses are free; nothing is taken.</exception>
    public (IpAddr Dst, IpAddr Src) PullP2PAddrs(ExcludedPrefixes? exclude = null)
    {
        Span<IpAddr> pair = stackalloc IpAddr[2];
        PullMany(pair, exclude);
        return (pair[0], pair[1]);
    }

    /// <summary>Takes the <paramref name="count"/> lowest free addresses, atomically.</summary>
    /// <param name="count">How many, at least 1.</param>
    /// <param name="exclude">Addresses to skip, or null.</param>
    /// <returns>The addresses, ascending.</returns>
    /// <exception cref="IpamExhaustedException">Not enough addresses are free; nothing is taken.</exception>
    public IpAddr[] PullMany(int count, ExcludedPrefixes? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var result = new IpAddr[count];
        PullMany(result, exclude);
        return result;
    }

    /// <summary>Fills <paramref name="destination"/> with the lowest free addresses, atomically (allocation-free).</summary>
    /// <param name="destination">Where to write; its length is the count.</param>
    /// <param name="exclude">Addresses to skip, or null.</param>
    /// <exception cref="IpamExhaustedException">Not enough addresses are free; nothing is taken.</exception>
    private void PullMany(Span<IpAddr> destination, ExcludedPrefixes? exclude)
    {
        if (!TryPullMany(destination, exclude))
        {
            throw Exhausted(destination.Length);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with the lowest free addresses, atomically, if enough are free.</summary>
    /// <param name="destination">Where to write; its length is the count.</param>
    /// <param name="exclude">Addresses to skip, or null.</param>
    /// <returns>False when not enough addresses are free; nothing is taken then.</returns>
    public bool TryPullMany(Span<IpAddr> destination, ExcludedPrefixes? exclude = null)
    {
        var ex = ExcludeSet(exclude);
        lock (_lock)
        {
            int taken = 0;
            while (taken < destination.Length && _free.TryFindLowest(ex, out var v))
            {
                _free.Remove(new IpRange(v, v));
                destination[taken++] = new IpAddr(Family, v);
            }

            if (taken < destination.Length)
            {
                for (int i = 0; i < taken; i++)
                {
                    _free.Add(new IpRange(destination[i].Value, destination[i].Value));
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>Takes a specific address if it is free and not excluded.</summary>
    /// <param name="address">The address wanted.</param>
    /// <param name="exclude">Exclusions to honour, or null.</param>
    /// <returns>True when taken.</returns>
    public bool TryPullIP(IpAddr address, ExcludedPrefixes? exclude = null)
    {
        if (address.Family != Family || (exclude is not null && exclude.Contains(address)))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_free.Contains(address.Value))
            {
                return false;
            }

            _free.Remove(new IpRange(address.Value, address.Value));
            return true;
        }
    }

    /// <summary>Takes a specific address.</summary>
    /// <param name="address">The address wanted.</param>
    /// <param name="exclude">Exclusions to honour, or null.</param>
    /// <returns>The address.</returns>
    /// <exception cref="IpamAddressUnavailableException">The address is taken, excluded, or not in the pool.</exception>
    public IpAddr PullIP(IpAddr address, ExcludedPrefixes? exclude = null)
    {
        if (!TryPullIP(address, exclude))
        {
            throw new IpamAddressUnavailableException($"IPAM: address {address} is not available in {Name} (already allocated, excluded or outside the pool)");
        }

        return address;
    }

    /// <summary>Returns an address to the pool. Only release what was pulled from this pool.</summary>
    /// <param name="address">The address.</param>
    public void Release(IpAddr address)
    {
        CheckFamily(address.Family);
        lock (_lock)
        {
            _free.Add(new IpRange(address.Value, address.Value));
        }
    }

    /// <summary>A snapshot of the free ranges, lowest first.</summary>
    /// <returns>The ranges.</returns>
    public IpRange[] GetFreeRanges()
    {
        lock (_lock)
        {
            return _free.ToArray();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"IpPool {Name}";

    private IpRangeSet? ExcludeSet(ExcludedPrefixes? exclude) => exclude is null || exclude.IsEmpty ? null : exclude.For(Family);

    private IpamExhaustedException Exhausted(int count) => count == 1
        ? new IpamExhaustedException($"IPAM: no free address left in {Name}", Name)
        : new IpamExhaustedException($"IPAM: fewer than {count} free addresses left in {Name}", Name);

    private void CheckFamily(IpFamily family)
    {
        if (family != Family)
        {
            throw new ArgumentException($"IPAM: {family} address given to the {Family} pool {Name}.", nameof(family));
        }
    }
}
