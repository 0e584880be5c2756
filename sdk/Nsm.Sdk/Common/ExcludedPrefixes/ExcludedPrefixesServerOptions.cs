using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Options of <see cref="ExcludedPrefixesServer"/>.</summary>
public sealed class ExcludedPrefixesServerOptions
{
    /// <summary>The upstream default config path.</summary>
    public const string DefaultConfigPath = "/var/lib/networkservicemesh/config/excluded_prefixes.yaml";

    /// <summary>
    /// Gets or sets the YAML file to watch; its content is <c>prefixes: [10.96.0.0/12, ...]</c>.
    /// Default: <see cref="DefaultConfigPath"/> (upstream <c>WithConfigPath</c>).
    /// </summary>
    public string ConfigPath { get; set; } = DefaultConfigPath;

    /// <summary>
    /// Gets or sets the logger for (re)load warnings. Default: <see langword="null"/>, meaning the logger of the first Request's context.
    /// </summary>
    public ILogger? Logger { get; set; }
}
