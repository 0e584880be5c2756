namespace Nsm.Sdk.Ipam;

/// <summary>
/// A set of numeric address values stored as sorted, disjoint, non-adjacent <see cref="IpRange"/>s, so a /8 or a /64 costs
/// one entry, not one per address. Family-agnostic; <see cref="IpPool"/> and <see cref="PrefixPool"/> add family checks
/// and locking. <b>Not thread-safe</b> for writes; concurrent reads of a set nobody writes are safe.
/// </summary>
/// <remarks>
/// Ranges are stored highest first, so the lowest range (the one every "pull lowest" touches) sits at the end of the array
/// and removing it, or inserting just above it, moves nothing. Lookups are binary searches.
/// </remarks>
public sealed class IpRangeSet
{
    private IpRange[] _items;
    private int _count;

    /// <summary>Creates an empty set.</summary>
    public IpRangeSet()
    {
        _items = new IpRange[4];
    }

    /// <summary>Creates a copy of another set.</summary>
    /// <param name="other">The set to copy.</param>
    public IpRangeSet(IpRangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _items = new IpRange[Math.Max(4, other._count)];
        Array.Copy(other._items, _items, other._count);
        _count = other._count;
    }

    /// <summary>Number of disjoint ranges (a fragmentation measure, not the number of addresses).</summary>
    public int RangeCount => _count;

    /// <summary>True when the set holds no values.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>Total number of values; saturates at <see cref="UInt128.MaxValue"/>.</summary>
    public UInt128 Count
    {
        get
        {
            UInt128 total = UInt128.Zero;
            for (int i = 0; i < _count; i++)
            {
                var c = _items[i].Count;
                if (UInt128.MaxValue - total < c)
                {
                    return UInt128.MaxValue;
                }

                total += c;
            }

            return total;
        }
    }

    /// <summary>The ranges, lowest first (ascending logical index).</summary>
    /// <param name="index">0 = lowest range.</param>
    /// <returns>The range.</returns>
    public IpRange this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return At(index);
        }
    }

    /// <summary>Adds all values of <paramref name="range"/>, merging with overlapping or adjacent ranges.</summary>
    /// <param name="range">The range to add.</param>
    public void Add(IpRange range)
    {
        Validate(range);

        // First range that overlaps or touches [First-1, ...] and last range that overlaps or touches [..., Last+1].
        int i = range.First == UInt128.Zero ? 0 : LowerBound(range.First - UInt128.One);
        int j = (range.Last == UInt128.MaxValue ? _count : UpperBound(range.Last + UInt128.One)) - 1;
        if (i > j)
        {
            Splice(i, 0, range, null);
            return;
        }

        var merged = new IpRange(UInt128.Min(range.First, At(i).First), UInt128.Max(range.Last, At(j).Last));
        Splice(i, j - i + 1, merged, null);
    }

    /// <summary>Removes all values of <paramref name="range"/> (values not present are ignored).</summary>
    /// <param name="range">The range to remove.</param>
    public void Remove(IpRange range)
    {
        Validate(range);
        int i = LowerBound(range.First);
        int j = UpperBound(range.Last) - 1;
        if (i > j)
        {
            return;
        }

        var lo = At(i);
        var hi = At(j);
        IpRange? left = lo.First < range.First ? new IpRange(lo.First, range.First - UInt128.One) : null;
        IpRange? right = hi.Last > range.Last ? new IpRange(range.Last + UInt128.One, hi.Last) : null;
        if (left is null)
        {
            Splice(i, j - i + 1, right, null);
        }
        else
        {
            Splice(i, j - i + 1, left.Value, right);
        }
    }

    /// <summary>Adds every value of another set.</summary>
    /// <param name="other">The other set.</param>
    public void UnionWith(IpRangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other._count; i++)
        {
            Add(other._items[i]);
        }
    }

    /// <summary>Removes every value.</summary>
    public void Clear() => _count = 0;

    /// <summary>True when <paramref name="value"/> is in the set.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(UInt128 value)
    {
        int i = LowerBound(value);
        return i < _count && At(i).First <= value;
    }

    /// <summary>True when every value of <paramref name="range"/> is in the set.</summary>
    /// <param name="range">The range.</param>
    /// <returns>True when fully contained.</returns>
    public bool ContainsAll(IpRange range)
    {
        int i = LowerBound(range.First);
        return i < _count && At(i).First <= range.First && At(i).Last >= range.Last;
    }

    /// <summary>True when at least one value of <paramref name="range"/> is in the set.</summary>
    /// <param name="range">The range.</param>
    /// <returns>True when overlapping.</returns>
    public bool Overlaps(IpRange range)
    {
        int i = LowerBound(range.First);
        return i < _count && At(i).First <= range.Last;
    }

    /// <summary>
    /// Finds the lowest value in the set that is not in <paramref name="exclude"/>, without removing it.
    /// Cost is proportional to the ranges skipped, not the addresses.
    /// </summary>
    /// <param name="exclude">Values to skip, or null.</param>
    /// <param name="value">The value found.</param>
    /// <returns>False when every value is excluded (or the set is empty).</returns>
    public bool TryFindLowest(IpRangeSet? exclude, out UInt128 value)
    {
        for (int i = 0; i < _count; i++)
        {
            var r = At(i);
            UInt128 candidate = r.First;
            while (true)
            {
                if (exclude is null)
                {
                    value = candidate;
                    return true;
                }

                int k = exclude.LowerBound(candidate);
                if (k >= exclude._count || exclude.At(k).First > candidate)
                {
                    value = candidate;
                    return true;
                }

                var skipTo = exclude.At(k).Last;
                if (skipTo >= r.Last)
                {
                    break;
                }

                candidate = skipTo + UInt128.One;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Finds the lowest block of <c>2^hostBits</c> values, aligned to its size, that lies entirely in the set and does not
    /// overlap <paramref name="exclude"/>. Used for sub-prefix allocation.
    /// </summary>
    /// <param name="hostBits">log2 of the block size, 0..128.</param>
    /// <param name="exclude">Values the block must not touch, or null.</param>
    /// <param name="block">The block found.</param>
    /// <returns>False when no such block exists.</returns>
    public bool TryFindAlignedBlock(int hostBits, IpRangeSet? exclude, out IpRange block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hostBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostBits, 128);
        UInt128 mask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - UInt128.One;
        for (int i = 0; i < _count; i++)
        {
            var r = At(i);
            UInt128 start = r.First;
            while (true)
            {
                // Align up.
                if ((start & mask) != UInt128.Zero)
                {
                    UInt128 aligned = start | mask;
                    if (aligned == UInt128.MaxValue)
                    {
                        break;
                    }

                    start = aligned + UInt128.One;
                }

                UInt128 end = start | mask;
                if (start < r.First || end > r.Last)
                {
                    break;
                }

                var candidate = new IpRange(start, end);
                if (exclude is null)
                {
                    block = candidate;
                    return true;
                }

                int k = exclude.LowerBound(start);
                if (k >= exclude._count || exclude.At(k).First > end)
                {
                    block = candidate;
                    return true;
                }

                UInt128 skip = exclude.At(k).Last;
                if (skip >= r.Last)
                {
                    break;
                }

                start = skip + UInt128.One;
            }
        }

        block = default;
        return false;
    }

    /// <summary>Copies the ranges, lowest first, into a new array (for diagnostics and persistence).</summary>
    /// <returns>The ranges.</returns>
    public IpRange[] ToArray()
    {
        var result = new IpRange[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = At(i);
        }

        return result;
    }

    private static void Validate(IpRange range)
    {
        if (range.Last < range.First)
        {
            throw new ArgumentException("Range ends before it starts.", nameof(range));
        }
    }

    // Logical index i (0 = lowest) maps to physical index _count - 1 - i.
    private ref IpRange At(int i) => ref _items[_count - 1 - i];

    /// <summary>First logical index whose range ends at or after <paramref name="value"/>; _count if none.</summary>
    private int LowerBound(UInt128 value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (At(mid).Last < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>First logical index whose range starts after <paramref name="value"/>; _count if none.</summary>
    private int UpperBound(UInt128 value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (At(mid).First <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Replaces logical [index, index+removeCount) with up to two ranges (a, then b), keeping order.</summary>
    private void Splice(int index, int removeCount, IpRange? a, IpRange? b)
    {
        int insertCount = (a.HasValue ? 1 : 0) + (b.HasValue ? 1 : 0);
        int delta = insertCount - removeCount;
        int newCount = _count + delta;
        if (newCount > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(newCount, _items.Length * 2));
        }

        // Logical [0, index) are the physical tail [_count - index, _count); shift it by delta.
        if (delta != 0 && index > 0)
        {
            Array.Copy(_items, _count - index, _items, _count - index + delta, index);
        }

        _count = newCount;

        // New logical index index + t lives at physical _count - 1 - index - t.
        int t = 0;
        if (a.HasValue)
        {
            At(index + t++) = a.Value;
        }

        if (b.HasValue)
        {
            At(index + t) = b.Value;
        }
    }
}
