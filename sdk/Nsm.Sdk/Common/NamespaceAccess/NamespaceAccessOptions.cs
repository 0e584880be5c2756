using System.Globalization;

namespace Nsm.Sdk.Common.NamespaceAccess;

/// <summary>
/// Who may name a network namespace by path or inode instead of passing its descriptor (see
/// <see cref="NamespaceAccessServer"/>). The default trusts nobody: a caller passes the namespace's descriptor over the
/// unix socket (grpcfd; our NSC does), or names its own namespace.
/// </summary>
public sealed record NamespaceAccessOptions
{
    /// <summary>The environment variable: <c>*</c> (anyone, TCP included: the old behaviour) or a comma-separated list of <c>uid:N</c>.</summary>
    public const string EnvironmentVariable = "NSM_TRUSTED_PATH_CALLERS";

    /// <summary>Gets a value indicating whether every caller may name any namespace by path or inode (upstream without grpcfd; unsafe).</summary>
    public bool TrustAll { get; init; }

    /// <summary>Gets the user ids (SO_PEERCRED of the unix socket) that may name any namespace by path or inode.</summary>
    public IReadOnlySet<uint> TrustedUids { get; init; } = new HashSet<uint>();

    /// <summary>Parses <see cref="EnvironmentVariable"/>'s value (empty or null: trust nobody).</summary>
    /// <param name="value">The value, e.g. <c>uid:0,uid:1000</c> or <c>*</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">An entry is neither <c>*</c> nor <c>uid:N</c>.</exception>
    public static NamespaceAccessOptions Parse(string? value)
    {
        var uids = new HashSet<uint>();
        var all = false;
        foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry == "*")
            {
                all = true;
            }
            else if (entry.StartsWith("uid:", StringComparison.Ordinal) && uint.TryParse(entry.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                uids.Add(uid);
            }
            else
            {
                throw new FormatException($"{EnvironmentVariable}: '{entry}' is neither '*' nor 'uid:N'");
            }
        }

        return new NamespaceAccessOptions { TrustAll = all, TrustedUids = uids };
    }
}
