using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Policy routing rules.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>Adds a policy rule (<c>ip rule add</c>); throws (EEXIST) if an identical rule exists.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddRuleAsync(RoutingRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return CallAsync(rule, static (s, r) => RuleOps.Modify(s, Nl.RTM_NEWRULE, r), cancellationToken);
    }

    /// <summary>Deletes the first rule matching the set fields (<c>ip rule del</c>).</summary>
    /// <param name="rule">The rule; unset fields match anything.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteRuleAsync(RoutingRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return CallAsync(rule, static (s, r) => RuleOps.Modify(s, Nl.RTM_DELRULE, r), cancellationToken);
    }

    /// <summary>Lists policy rules, optionally of one family.</summary>
    /// <param name="family">IPv4 or IPv6, or null for both.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<IReadOnlyList<RoutingRule>> ListRulesAsync(AddressFamily? family = null, CancellationToken cancellationToken = default) =>
        CallAsync(family, static (s, f) => (IReadOnlyList<RoutingRule>)RuleOps.List(s, f), cancellationToken);
}
