namespace Nsm.Sdk.Kernel.Acl;

/// <summary>Where <see cref="NftAclEnforcer"/> keeps its rules.</summary>
public sealed record NftAclEnforcerOptions
{
    /// <summary>Gets the nftables table (family <c>inet</c>) owned by the enforcer; default <c>nsm-acl</c>.</summary>
    public string TableName { get; init; } = "nsm-acl";

    /// <summary>Gets the network namespace to enforce in (a path), or null for this process's own (an NSE's pod).</summary>
    public string? NetNsPath { get; init; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">The table name is empty, too long or not <c>[A-Za-z0-9_-]</c>.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(TableName) || TableName.Length > 64 || !TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"TableName '{TableName}' must be 1-64 characters of letters, digits, '-' and '_'", nameof(TableName));
        }
    }
}
