namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>One conntrack event: what happened to which flow, as ctnetlink reports it.</summary>
/// <param name="Type">What happened (one of <see cref="ConntrackEventType.New"/>, <see cref="ConntrackEventType.Update"/>, <see cref="ConntrackEventType.Destroy"/>).</param>
/// <param name="Original">The flow as its first packet saw it (<c>CTA_TUPLE_ORIG</c>).</param>
public sealed record ConntrackEvent(ConntrackEventType Type, ConntrackTuple Original)
{
    /// <summary>Gets the tuple of the replies (<c>CTA_TUPLE_REPLY</c>; differs from the original one swapped when NAT applies), or null.</summary>
    public ConntrackTuple? Reply { get; init; }

    /// <summary>Gets the kernel's id of the flow (<c>CTA_ID</c>): the same in its New and Destroy events.</summary>
    public uint Id { get; init; }

    /// <summary>Gets the flow's mark (<c>CTA_MARK</c>, e.g. set by an nft <c>ct mark set</c> rule), or 0.</summary>
    public uint Mark { get; init; }

    /// <summary>Gets the original direction's packets and bytes, or null when accounting is off (<c>nf_conntrack_acct</c>).</summary>
    public ConntrackCounters? OriginalCounters { get; init; }

    /// <summary>Gets the reply direction's packets and bytes, or null when accounting is off.</summary>
    public ConntrackCounters? ReplyCounters { get; init; }

    /// <summary>Gets both directions' packets and bytes together, or null when accounting is off.</summary>
    public ConntrackCounters? TotalCounters => OriginalCounters is { } o && ReplyCounters is { } r ? o + r : OriginalCounters ?? ReplyCounters;
}
