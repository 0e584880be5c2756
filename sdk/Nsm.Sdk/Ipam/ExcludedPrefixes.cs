namespace Nsm.Sdk.Ipam;

/// <summary>
/// An immutable, dual-stack set of prefixes an allocation must avoid, typically built once per request from
/// <c>IPContext.excluded_prefixes</c>. Safe to share between threads.
/// </summary>
public sealed class ExcludedPrefixes
{
    private readonly IpRangeSet _v4;
    private readonly IpRangeSet _v6;

    private ExcludedPrefixes(IpRangeSet v4, IpRangeSet v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    /// <summary>The empty set: nothing is excluded.</summary>
    public static ExcludedPrefixes Empty { get; } = new(new IpRangeSet(), new IpRangeSet());

    /// <summary>True when nothing is excluded.</summary>
    public bool IsEmpty => _v4.IsEmpty && _v6.IsEmpty;

    /// <summary>Parses prefixes strictly; an empty or null list gives <see cref="Empty"/>.</summary>
    /// <param name="prefixes">CIDR strings, IPv4 and IPv6 mixed, e.g. <c>10.96.0.0/12</c>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="InvalidCidrException">An entry is not a valid CIDR; the message names it.</exception>
    public static ExcludedPrefixes Parse(IEnumerable<string>? prefixes)
    {
        if (prefixes is null || (prefixes is IReadOnlyCollection<string> c && c.Count == 0))
        {
            return Empty;
        }

        IpRangeSet? v4 = null, v6 = null;
        if (prefixes is IReadOnlyList<string> list)
        {
            // Indexing avoids an enumerator allocation on the per-request path.
            for (int i = 0; i < list.Count; i++)
            {
                AddParsed(list[i], ref v4, ref v6);
            }
        }
        else
        {
            foreach (var s in prefixes)
            {
                AddParsed(s, ref v4, ref v6);
            }
        }

        return v4 is null && v6 is null ? Empty : new ExcludedPrefixes(v4 ?? new IpRangeSet(), v6 ?? new IpRangeSet());
    }

    private static void AddParsed(string text, ref IpRangeSet? v4, ref IpRangeSet? v6)
    {
        var p = IpCidr.Parse(text);
        if (p.Family == IpFamily.IPv4)
        {
            (v4 ??= new IpRangeSet()).Add(p.Range);
        }
        else
        {
            (v6 ??= new IpRangeSet()).Add(p.Range);
        }
    }

    /// <summary>Builds the set from parsed prefixes.</summary>
    /// <param name="prefixes">The prefixes.</param>
    /// <returns>The set.</returns>
    public static ExcludedPrefixes From(IEnumerable<IpCidr> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var v4 = new IpRangeSet();
        var v6 = new IpRangeSet();
        foreach (var p in prefixes)
        {
            (p.Family == IpFamily.IPv4 ? v4 : v6).Add(p.Range);
        }

        return new ExcludedPrefixes(v4, v6);
    }

    /// <summary>True when <paramref name="address"/> is excluded.</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when excluded.</returns>
    public bool Contains(IpAddr address) => For(address.Family).Contains(address.Value);

    /// <summary>True when any address of <paramref name="prefix"/> is excluded.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <returns>True when overlapping.</returns>
    public bool Overlaps(IpCidr prefix) => For(prefix.Family).Overlaps(prefix.Range);

    /// <summary>The excluded values of one family (read-only by contract; do not modify).</summary>
    /// <param name="family">The family.</param>
    /// <returns>The set.</returns>
    internal IpRangeSet For(IpFamily family) => family == IpFamily.IPv4 ? _v4 : _v6;
}
