namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>
/// The packets and bytes of one direction of a flow (<c>CTA_COUNTERS_ORIG</c>, <c>CTA_COUNTERS_REPLY</c>). The kernel
/// counts them only for flows created while <c>net.netfilter.nf_conntrack_acct</c> is 1 in the flow's namespace.
/// </summary>
/// <param name="Packets">The packets.</param>
/// <param name="Bytes">The bytes (IP headers included).</param>
public readonly record struct ConntrackCounters(ulong Packets, ulong Bytes)
{
    /// <summary>Adds two counters (both directions of a flow).</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    public static ConntrackCounters operator +(ConntrackCounters left, ConntrackCounters right) => new(left.Packets + right.Packets, left.Bytes + right.Bytes);

    /// <summary>Adds two counters (both directions of a flow).</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    public static ConntrackCounters Add(ConntrackCounters left, ConntrackCounters right) => left + right;
}
