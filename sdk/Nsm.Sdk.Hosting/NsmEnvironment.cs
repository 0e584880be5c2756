using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Reads NSM programs' settings from env variables with upstream's names and formats. Every parse error names
/// the variable and the bad value, so a program can stop with one clear line.
/// </summary>
/// <param name="lookup">Reads a variable; the process environment when <see langword="null"/>.</param>
public sealed class NsmEnvironment(Func<string, string?>? lookup = null)
{
    /// <summary>The variable of the maximum token lifetime, read by <see cref="GetMaxTokenLifetime"/>.</summary>
    public const string MaxTokenLifetimeVariable = "NSM_MAX_TOKEN_LIFETIME";

    private readonly Func<string, string?> _lookup = lookup ?? Environment.GetEnvironmentVariable;

    /// <summary>Gets the first set, non-empty value among <paramref name="names"/> (aliases), or <see langword="null"/>.</summary>
    /// <param name="names">The variable and its aliases, in priority order.</param>
    /// <returns>The value and the name it came from.</returns>
    public (string Value, string Name)? Find(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (_lookup(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v))
            {
                return (v.Trim(), name);
            }
        }

        return null;
    }

    /// <summary>Reads a variable as it is set (<see langword="null"/> when unset; an empty value stays empty).</summary>
    /// <param name="name">The variable.</param>
    /// <returns>The raw value.</returns>
    public string? GetRaw(string name) => _lookup(name);

    /// <summary>Reads a string.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default.</param>
    /// <param name="aliases">Other accepted names.</param>
    /// <returns>The value.</returns>
    public string GetString(string name, string defaultValue, params string[] aliases) =>
        Find([name, .. aliases])?.Value ?? defaultValue;

    /// <summary>Reads a comma-separated list (empty items dropped).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="aliases">Other accepted names.</param>
    /// <returns>The items.</returns>
    public IReadOnlyList<string> GetList(string name, params string[] aliases) =>
        Find([name, .. aliases])?.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Reads a duration in Go's format (<c>15s</c>, <c>10m</c>).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default.</param>
    /// <returns>The duration.</returns>
    public TimeSpan GetDuration(string name, TimeSpan defaultValue)
    {
        if (Find(name) is not { } found)
        {
            return defaultValue;
        }

        return GoDuration.TryParse(found.Value, out var d) && d >= TimeSpan.Zero
            ? d
            : throw new NsmConfigurationException($"{name}: '{found.Value}' is not a duration like 15s, 500ms or 10m");
    }

    /// <summary>
    /// Reads <c>NSM_MAX_TOKEN_LIFETIME</c>, the maximum lifetime of the tokens a program mints, as every upstream
    /// program does: a positive Go duration, 10 minutes when unset.
    /// </summary>
    /// <returns>The lifetime.</returns>
    /// <exception cref="NsmConfigurationException">The value is not a positive duration.</exception>
    public TimeSpan GetMaxTokenLifetime()
    {
        var lifetime = GetDuration(MaxTokenLifetimeVariable, Tokens.TokenDefaults.MaxTokenLifetime);
        return lifetime > TimeSpan.Zero
            ? lifetime
            : throw new NsmConfigurationException($"{MaxTokenLifetimeVariable}: '{Find(MaxTokenLifetimeVariable)?.Value}' is not a positive duration like 10m or 1h");
    }

    /// <summary>
    /// Reads <c>NSM_TRUSTED_PATH_CALLERS</c> (nsmgr, forwarders): who may name a network namespace by path or inode
    /// instead of passing its descriptor; unset or empty trusts nobody.
    /// </summary>
    /// <returns>The options.</returns>
    /// <exception cref="NsmConfigurationException">An entry is neither <c>*</c> nor <c>uid:N</c>.</exception>
    public Common.NamespaceAccess.NamespaceAccessOptions GetNamespaceAccess()
    {
        try
        {
            return Common.NamespaceAccess.NamespaceAccessOptions.Parse(GetRaw(Common.NamespaceAccess.NamespaceAccessOptions.EnvironmentVariable));
        }
        catch (FormatException ex)
        {
            throw new NsmConfigurationException(ex.Message);
        }
    }

    /// <summary>Reads a boolean (<c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default.</param>
    /// <returns>The value.</returns>
    public bool GetBool(string name, bool defaultValue)
    {
        if (Find(name) is not { } found)
        {
            return defaultValue;
        }

        return found.Value.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "T" => true,
            "FALSE" or "0" or "NO" or "F" => false,
            _ => throw new NsmConfigurationException($"{name}: '{found.Value}' is not true or false"),
        };
    }

    /// <summary>Reads an unsigned integer.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default.</param>
    /// <returns>The value.</returns>
    public uint GetUInt(string name, uint defaultValue)
    {
        if (Find(name) is not { } found)
        {
            return defaultValue;
        }

        return uint.TryParse(found.Value, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new NsmConfigurationException($"{name}: '{found.Value}' is not a whole number");
    }

    /// <summary>Reads one URL (<c>unix:///path</c> or <c>tcp://host:port</c>).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default, or <see langword="null"/> for none.</param>
    /// <param name="aliases">Other accepted names.</param>
    /// <returns>The URL, or <see langword="null"/> when unset and no default.</returns>
    public Uri? GetUrl(string name, string? defaultValue, params string[] aliases)
    {
        var found = Find([name, .. aliases]);
        var text = found?.Value ?? defaultValue;
        if (text is null)
        {
            return null;
        }

        return TryParseUrl(text, out var url, out var error)
            ? url
            : throw new NsmConfigurationException($"{found?.Name ?? name}: {error}");
    }

    /// <summary>Reads comma-separated URLs.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default list (comma-separated).</param>
    /// <returns>The URLs.</returns>
    public IReadOnlyList<Uri> GetUrls(string name, string defaultValue)
    {
        var text = Find(name)?.Value ?? defaultValue;
        var urls = new List<Uri>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            urls.Add(TryParseUrl(item, out var url, out var error) ? url : throw new NsmConfigurationException($"{name}: {error}"));
        }

        return urls.Count > 0 ? urls : throw new NsmConfigurationException($"{name}: at least one URL is required");
    }

    /// <summary>
    /// Parses a URL the way upstream's programs accept it: <c>unix:///path</c>, <c>tcp://host:port</c>,
    /// <c>tcp://:port</c> (all interfaces) or a bare <c>host:port</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="url">The URL when valid.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParseUrl(string text, out Uri url, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.StartsWith("tcp://:", StringComparison.Ordinal))
        {
            text = "tcp://0.0.0.0:" + text["tcp://:".Length..];
        }
        else if (text.Length > 0 && !text.Contains("://", StringComparison.Ordinal))
        {
            text = "tcp://" + text;
        }

        return NsmUrl.TryParse(text, out url, out error);
    }

    /// <summary>Reads <c>NSM_LOG_LEVEL</c> (TRACE, DEBUG, INFO, WARN, ERROR, FATAL; default INFO).</summary>
    /// <returns>The level.</returns>
    /// <exception cref="NsmConfigurationException">Unknown level.</exception>
    public Microsoft.Extensions.Logging.LogLevel GetLogLevel() => NsmLogging.ParseLevel(GetString(NsmLogging.LevelVariable, "INFO"));

    /// <summary>Reads comma-separated CIDRs (e.g. <c>10.100.1.0/24</c>), each checked strictly.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="defaultValue">The default list (comma-separated).</param>
    /// <returns>The CIDRs as written.</returns>
    public IReadOnlyList<string> GetCidrs(string name, string defaultValue)
    {
        var text = Find(name)?.Value ?? defaultValue;
        var cidrs = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var cidr in cidrs)
        {
            if (!Ipam.IpamValidation.IsValidCidr(cidr))
            {
                throw new NsmConfigurationException($"{name}: '{cidr}' is not a CIDR like 10.100.1.0/24");
            }
        }

        return cidrs.Length > 0 ? cidrs : throw new NsmConfigurationException($"{name}: at least one CIDR is required");
    }

    /// <summary>Reads labels written as <c>key=value</c> or <c>key:value</c> pairs separated by commas.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="aliases">Other accepted names.</param>
    /// <returns>The labels.</returns>
    public IReadOnlyDictionary<string, string> GetLabels(string name, params string[] aliases)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find([name, .. aliases]) is not { } found)
        {
            return labels;
        }

        foreach (var item in found.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cut = item.IndexOfAny(['=', ':']);
            if (cut <= 0)
            {
                throw new NsmConfigurationException($"{found.Name}: '{item}' is not a key=value label");
            }

            labels[item[..cut].Trim()] = item[(cut + 1)..].Trim();
        }

        return labels;
    }
}
