namespace Nsm.Sdk.Common.ClusterInfo;

/// <summary>Options of <see cref="ClusterInfoServer"/>.</summary>
public sealed class ClusterInfoOptions
{
    /// <summary>The upstream default config path.</summary>
    public const string DefaultConfigPath = "/etc/clusterinfo/config.yaml";

    /// <summary>Gets or sets the YAML map file (upstream <c>WithConfigPath</c>). Default: <see cref="DefaultConfigPath"/>.</summary>
    public string ConfigPath { get; set; } = DefaultConfigPath;
}
