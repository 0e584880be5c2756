namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>
/// A reference-counted, insertion-ordered set of prefix strings: a prefix stays while any connection contributes it.
/// Not thread-safe (the owner locks).
/// </summary>
internal sealed class PrefixBag
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Gets the prefixes, oldest first.</summary>
    public IReadOnlyList<string> Items => _order;

    /// <summary>Adds one reference to each prefix.</summary>
    public void Add(IEnumerable<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (_counts.TryGetValue(p, out var n))
            {
                _counts[p] = n + 1;
            }
            else
            {
                _counts[p] = 1;
                _order.Add(p);
            }
        }
    }

    /// <summary>Removes one reference from each prefix; a prefix without references disappears.</summary>
    public void Remove(IEnumerable<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (!_counts.TryGetValue(p, out var n))
            {
                continue;
            }

            if (n > 1)
            {
                _counts[p] = n - 1;
            }
            else
            {
                _counts.Remove(p);
                _order.Remove(p);
            }
        }
    }
}
