using System.Net;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Common.NamespaceAccess;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Nsmgr;

/// <summary>cmd-nsmgr configuration, read from upstream's environment variables.</summary>
internal sealed record NsmgrCmdOptions
{
    public const string DefaultListenOn = "unix:///var/lib/networkservicemesh/nsm.io.sock,tcp://127.0.0.1:5001";

    /// <summary>Where the guide's <c>nsm-config</c> ConfigMap is mounted by default.</summary>
    public const string DefaultClusterConfigPath = "/etc/nsm-config/nsm.yaml";

    public required string Name { get; init; }

    public required IReadOnlyList<Uri> ListenOn { get; init; }

    public Uri? RegistryUrl { get; init; }

    public TimeSpan MaxTokenLifetime { get; init; }

    public TimeSpan DialTimeout { get; init; }

    public required string ForwarderServiceName { get; init; }

    public required Uri PublicUrl { get; init; }

    /// <summary>Gets the guide's <c>nsm.yaml</c> (the <c>nsm-config</c> ConfigMap): its <c>registry.url</c> is another cluster's registry.</summary>
    public required string ClusterConfigPath { get; init; }
    public NamespaceAccessOptions NamespaceAccess { get; init; } = new();

    public static NsmgrCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var listenOn = env.GetUrls("NSM_LISTEN_ON", DefaultListenOn);
        var registry = env.GetRaw("NSM_REGISTRY_URL") is { } raw && raw.Trim().Length == 0
            ? null
            : env.GetUrl("NSM_REGISTRY_URL", "tcp://localhost:5001");
        var maxLifetime = env.GetMaxTokenLifetime();
        return new NsmgrCmdOptions
        {
            Name = env.GetString("NSM_NAME", "nsmgr-" + Dns.GetHostName()),
            ListenOn = listenOn,
            RegistryUrl = registry,
            MaxTokenLifetime = maxLifetime,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromMilliseconds(750)),
            ForwarderServiceName = env.GetString("NSM_FORWARDER_NETWORK_SERVICE_NAME", "forwarder", "NSM_FORWARDER_SERVICE_NAME", "NSM_FORWARDER_NAME"),
            PublicUrl = NsmPublicUrl.Resolve(listenOn),
            ClusterConfigPath = env.GetString("NSM_CONFIG_FILE", DefaultClusterConfigPath),
            NamespaceAccess = env.GetNamespaceAccess(),
        };
    }

    public NsmgrOptions ToNsmgrOptions() => new()
    {
        Name = Name,
        Url = PublicUrl,
        RegistryUrl = RegistryUrl,
        DialTimeout = DialTimeout,
        ForwarderServiceName = ForwarderServiceName,
        MaxTokenLifetime = MaxTokenLifetime,
        ClusterConfigPath = ClusterConfigPath,
        NamespaceAccess = NamespaceAccess,
    };

    public override string ToString() =>
        $"name={Name} listenOn=[{string.Join(",", ListenOn)}] publicUrl={PublicUrl} registry={(RegistryUrl?.ToString() ?? "in-memory")} " +
        $"dialTimeout={DialTimeout} maxTokenLifetime={MaxTokenLifetime} forwarderService={ForwarderServiceName} clusterConfig={ClusterConfigPath} " +
        $"trustedPathCallers={(NamespaceAccess.TrustAll ? "*" : string.Join(",", NamespaceAccess.TrustedUids.Select(u => $"uid:{u}")))}";
}
