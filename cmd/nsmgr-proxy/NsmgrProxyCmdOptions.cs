using Nsm.Sdk.Chains.NsmgrProxy;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NsmgrProxy;

/// <summary>cmd-nsmgr-proxy's settings, read once from upstream's <c>NSM_*</c> environment variables.</summary>
internal sealed record NsmgrProxyCmdOptions
{
    /// <summary>The default of NSM_LISTEN_ON: the port upstream's deployments give the proxy.</summary>
    public const string DefaultListenOn = "tcp://:5004";

    /// <summary>Gets NSM_NAME (default <c>nsmgr-proxy</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets NSM_LISTEN_ON.</summary>
    public required IReadOnlyList<Uri> ListenOn { get; init; }

    /// <summary>Gets the URL other domains reach the proxy at: the first tcp listen URL with a real address.</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>Gets NSM_REGISTRY_URL: this domain's registry (default <c>tcp://registry:5002</c>).</summary>
    public required Uri RegistryUrl { get; init; }

    /// <summary>Gets NSM_REGISTRY_PROXY_URL: the registry-proxy-dns (default <c>tcp://registry-proxy:5005</c>).</summary>
    public required Uri RegistryProxyUrl { get; init; }

    /// <summary>Gets NSM_MAP_IP_FILE_PATH: upstream's internal → external IP map (default <c>map-ip.yaml</c>), applied by swapip and read again when it changes.</summary>
    public required string MapIpFilePath { get; init; }

    /// <summary>Gets NSM_DIAL_TIMEOUT (default 5s).</summary>
    public required TimeSpan DialTimeout { get; init; }

    /// <summary>Gets NSM_MAX_TOKEN_LIFETIME (default 10m).</summary>
    public required TimeSpan MaxTokenLifetime { get; init; }

    /// <summary>Reads the settings.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="NsmConfigurationException">A variable has a bad value; the message names it.</exception>
    public static NsmgrProxyCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var listenOn = env.GetUrls("NSM_LISTEN_ON", DefaultListenOn);
        return new NsmgrProxyCmdOptions
        {
            Name = env.GetString("NSM_NAME", "nsmgr-proxy"),
            ListenOn = listenOn,
            PublicUrl = NsmPublicUrl.Resolve(listenOn),
            RegistryUrl = env.GetUrl("NSM_REGISTRY_URL", "tcp://registry:5002")!,
            RegistryProxyUrl = env.GetUrl("NSM_REGISTRY_PROXY_URL", "tcp://registry-proxy:5005")!,
            MapIpFilePath = env.GetString("NSM_MAP_IP_FILE_PATH", "map-ip.yaml"),
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>Gets the proxy's chain options.</summary>
    /// <returns>The options.</returns>
    public NsmgrProxyOptions ToProxyOptions() => new()
    {
        Name = Name,
        Url = PublicUrl,
        RegistryUrl = RegistryUrl,
        RegistryProxyUrl = RegistryProxyUrl,
        DialTimeout = DialTimeout,
        MaxTokenLifetime = MaxTokenLifetime,
        MapIpFilePath = MapIpFilePath,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"name={Name} listenOn=[{string.Join(",", ListenOn)}] publicUrl={PublicUrl} registry={RegistryUrl} registryProxy={RegistryProxyUrl} " +
        $"mapIpFile={MapIpFilePath} dialTimeout={DialTimeout} maxTokenLifetime={MaxTokenLifetime}";
}
