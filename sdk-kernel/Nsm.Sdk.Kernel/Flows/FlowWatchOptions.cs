using Nsm.Sdk.Acl;

namespace Nsm.Sdk.Kernel.Flows;

/// <summary>Options of an <see cref="NftFlowWatch"/>.</summary>
public sealed record FlowWatchOptions
{
    /// <summary>The default conntrack mark of the flows the watch admits: "NSMF".</summary>
    public const uint DefaultMark = 0x4e534d46;

    /// <summary>Gets the nftables table (family <c>inet</c>) owned by the watch; default <c>nsm-flows</c>.</summary>
    public string TableName { get; init; } = "nsm-flows";

    /// <summary>Gets the network namespace to watch in (a path), or null for this process's own (an NSE's pod).</summary>
    public string? NetNsPath { get; init; }

    /// <summary>
    /// Gets the signatures: flows whose packets match one are dropped (every rule must be a deny; the first that
    /// matches names the drop). Empty: every flow passes.
    /// </summary>
    public AclRuleSet Signatures { get; init; } = AclRuleSet.Empty;

    /// <summary>
    /// Gets the conntrack mark put on every new flow the watch admits (<c>ct mark set</c>), so that a
    /// <c>ConntrackListener</c> tells the forwarded flows from the namespace's own; default <see cref="DefaultMark"/>.
    /// </summary>
    public uint Mark { get; init; } = DefaultMark;

    /// <summary>Gets how long a dropped flow is remembered (its nft set element's timeout); default 1 minute.</summary>
    public TimeSpan DroppedFlowTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets how many dropped flows each signature remembers at most (its set's size); default 4096.</summary>
    public int DroppedFlowCapacity { get; init; } = 4096;

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">The table name is not 1-64 of <c>[A-Za-z0-9_-]</c>, a signature is not a deny, the mark is 0, or a limit is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(TableName) || TableName.Length > 64 || !TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"TableName '{TableName}' must be 1-64 characters of letters, digits, '-' and '_'", nameof(TableName));
        }

        ArgumentNullException.ThrowIfNull(Signatures, nameof(Signatures));
        if (Signatures.Rules.FirstOrDefault(r => r.Action != AclAction.Deny) is { } permit)
        {
            throw new ArgumentException($"signature '{permit}' is not a deny: a signature drops the flows it matches", nameof(Signatures));
        }

        ArgumentOutOfRangeException.ThrowIfZero(Mark, nameof(Mark));
        ArgumentOutOfRangeException.ThrowIfLessThan(DroppedFlowTimeout, TimeSpan.FromSeconds(1), nameof(DroppedFlowTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(DroppedFlowCapacity, 1, nameof(DroppedFlowCapacity));
        if (NetNsPath is not null && !Path.IsPathRooted(NetNsPath))
        {
            throw new ArgumentException($"NetNsPath '{NetNsPath}' must be an absolute path", nameof(NetNsPath));
        }
    }
}
