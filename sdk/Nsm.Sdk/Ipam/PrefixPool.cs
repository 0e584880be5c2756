namespace Nsm.Sdk.Ipam;

/// <summary>
/// A thread-safe pool that hands out sub-prefixes of one or more bigger prefixes (for example a /24 per vl3 endpoint from
/// a /16). Extraction picks the lowest free aligned block of the requested size. Operations are atomic.
/// </summary>
public sealed class PrefixPool
{
    private readonly Lock _lock = new();
    private readonly IpRangeSet _free = new();
    private int _shortestRoot;

    /// <summary>Creates a pool holding every address of <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The prefix to carve up (host bits are ignored).</param>
    public PrefixPool(IpCidr prefix)
    {
        Family = prefix.Family;
        Name = prefix.Network.ToString();
        _shortestRoot = prefix.PrefixLength;
        _free.Add(prefix.Range);
    }

    /// <summary>The family of the pool.</summary>
    public IpFamily Family { get; }

    /// <summary>A description used in error messages: the first prefix the pool was built from.</summary>
    public string Name { get; }

    /// <summary>Number of free addresses (saturating).</summary>
    public UInt128 FreeAddressCount
    {
        get
        {
            lock (_lock)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>Creates a pool from a CIDR string, parsed strictly.</summary>
    /// <param name="cidr">E.g. <c>172.16.0.0/16</c>.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="InvalidCidrException">The CIDR is malformed.</exception>
    public static PrefixPool FromCidr(string cidr) => new(IpCidr.Parse(cidr));

    /// <summary>Adds another prefix of the same family to carve from.</summary>
    /// <param name="prefix">The prefix.</param>
    public void Add(IpCidr prefix)
    {
        CheckFamily(prefix.Family);
        lock (_lock)
        {
            _free.Add(prefix.Range);
            _shortestRoot = Math.Min(_shortestRoot, prefix.PrefixLength);
        }
    }

    /// <summary>Removes a prefix from the pool for good (a different family is ignored).</summary>
    /// <param name="prefix">The prefix.</param>
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

    /// <summary>True when every address of <paramref name="prefix"/> is free.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <returns>True when free.</returns>
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

    /// <summary>Takes the lowest free prefix of length <paramref name="prefixLength"/> that avoids the exclusions.</summary>
    /// <param name="prefixLength">Length of the prefix wanted, e.g. 24.</param>
    /// <param name="exclude">Prefixes the result must not overlap (they stay free), or null.</param>
    /// <returns>The prefix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is shorter than the pool's prefixes or too long for the family.</exception>
    /// <exception cref="IpamExhaustedException">No free block of that size is left.</exception>
    public IpCidr Extract(int prefixLength, ExcludedPrefixes? exclude = null)
    {
        if (!TryExtract(prefixLength, exclude, out var prefix))
        {
            throw new IpamExhaustedException($"IPAM: no free /{prefixLength} prefix left in {Name}", Name);
        }

        return prefix;
    }

    /// <summary>Takes the lowest free prefix of the given length, if any.</summary>
    /// <param name="prefixLength">Length of the prefix wanted.</param>
    /// <param name="exclude">Prefixes to avoid, or null.</param>
    /// <param name="prefix">The prefix taken.</param>
    /// <returns>False when none is left.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is shorter than the pool's prefixes or too long for the family.</exception>
    public bool TryExtract(int prefixLength, ExcludedPrefixes? exclude, out IpCidr prefix)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, Family.BitLength());
        var ex = exclude is null || exclude.IsEmpty ? null : exclude.For(Family);
        lock (_lock)
        {
            if (prefixLength < _shortestRoot)
            {
                throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"IPAM: /{prefixLength} is larger than the pool {Name}.");
            }

            if (_free.TryFindAlignedBlock(Family.BitLength() - prefixLength, ex, out var block))
            {
                _free.Remove(block);
                prefix = new IpCidr(new IpAddr(Family, block.First), prefixLength);
                return true;
            }
        }

        prefix = default;
        return false;
    }

    /// <summary>Takes a specific prefix if all of it is free and it avoids the exclusions.</summary>
    /// <param name="prefix">The prefix wanted.</param>
    /// <param name="exclude">Prefixes to avoid, or null.</param>
    /// <returns>True when taken.</returns>
    public bool TryPull(IpCidr prefix, ExcludedPrefixes? exclude = null)
    {
        if (prefix.Family != Family || (exclude is not null && exclude.Overlaps(prefix)))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_free.ContainsAll(prefix.Range))
            {
                return false;
            }

            _free.Remove(prefix.Range);
            return true;
        }
    }

    /// <summary>Returns a prefix to the pool. Only release what was extracted from this pool.</summary>
    /// <param name="prefix">The prefix.</param>
    public void Release(IpCidr prefix)
    {
        CheckFamily(prefix.Family);
        lock (_lock)
        {
            _free.Add(prefix.Range);
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
    public override string ToString() => $"PrefixPool {Name}";

    private void CheckFamily(IpFamily family)
    {
        if (family != Family)
        {
            throw new ArgumentException($"IPAM: {family} prefix given to the {Family} prefix pool {Name}.", nameof(family));
        }
    }
}
