namespace Nsm.Sdk.Api;

/// <summary>
/// Interdomain names (<c>name@domain</c>): a network service or endpoint of another NSM domain. The domain is the part
/// after the first <c>@</c>, as upstream's interdomain helpers read it.
/// </summary>
public static class InterdomainName
{
    /// <summary>True when <paramref name="name"/> names something of another domain.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it has an <c>@</c>.</returns>
    public static bool IsInterdomain(string? name) => name?.Contains('@', StringComparison.Ordinal) == true;

    /// <summary>The domain of <paramref name="name"/> (after the first <c>@</c>), or an empty string.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The domain.</returns>
    public static string Domain(string? name)
    {
        var at = name?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at < 0 ? "" : name![(at + 1)..];
    }

    /// <summary><paramref name="name"/> without its <c>@domain</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The local part.</returns>
    public static string Local(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? name : name[..at];
    }

    /// <summary><paramref name="name"/> with <c>@domain</c> appended (unless empty or already there).</summary>
    /// <param name="name">The local name.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The interdomain name.</returns>
    public static string Join(string name, string domain)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.IsNullOrEmpty(domain) || name.Length == 0 || name.EndsWith("@" + domain, StringComparison.Ordinal) ? name : name + "@" + domain;
    }
}
