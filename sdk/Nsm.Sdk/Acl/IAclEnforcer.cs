namespace Nsm.Sdk.Acl;

/// <summary>
/// Enforces one rule set on the data path of the connections it is given (the kernel's is nftables in the NSE's
/// network namespace). Traffic arriving from a connection's interface is matched against the rules as written;
/// traffic leaving through it against the rules with source and destination swapped.
/// </summary>
public interface IAclEnforcer
{
    /// <summary>Gets the rules enforced.</summary>
    AclRuleSet Rules { get; }

    /// <summary>Starts (or, on a refresh, keeps) enforcing the rules on a connection's interface.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="interfaceName">The connection's interface on this side (in this process's network namespace).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the rules are in force.</returns>
    ValueTask ApplyAsync(string connectionId, string interfaceName, CancellationToken cancellationToken);

    /// <summary>Stops enforcing on a connection; with the last connection gone nothing of the enforcement is left.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the connection's rules are removed.</returns>
    ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken);
}
