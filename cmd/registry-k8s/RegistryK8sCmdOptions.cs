using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.RegistryK8s;

/// <summary>
/// The settings of the Kubernetes registry program, read once from the environment. Each variable has upstream's
/// cmd-registry-k8s name (<c>REGISTRY_K8S_*</c>) and our programs' <c>NSM_*</c> name; the first set wins in that order.
/// </summary>
/// <param name="Name">NSM_NAME: the component name used in logs and its token identity (default <c>registry</c>).</param>
/// <param name="ListenOn">REGISTRY_K8S_LISTEN_ON / NSM_LISTEN_ON: <c>tcp://host:port</c> and <c>unix:///path</c> URLs (default <c>tcp://:5002</c>).</param>
/// <param name="ExpirePeriod">REGISTRY_K8S_EXPIRE_PERIOD / NSM_EXPIRE_PERIOD: NSE expiration without refresh, a Go duration (default <c>1m</c>).</param>
/// <param name="ProxyRegistryUrl">REGISTRY_K8S_PROXY_REGISTRY_URL / NSM_PROXY_REGISTRY_URL: where names of other domains go.</param>
/// <param name="Namespace">REGISTRY_K8S_NAMESPACE / NSM_NAMESPACE: the namespace of the custom resources (default: the pod's, else <c>default</c>).</param>
/// <param name="ApiServer">
/// REGISTRY_K8S_API_SERVER / NSM_K8S_API_SERVER: the Kubernetes API's URL when not in-cluster, e.g. <c>kubectl proxy</c>'s
/// <c>http://127.0.0.1:8001</c> (default: in a pod, <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c> with the
/// service account's token and CA).
/// </param>
/// <param name="ApiTokenFile">REGISTRY_K8S_API_TOKEN_FILE: a bearer token file for REGISTRY_K8S_API_SERVER (default none).</param>
internal sealed record RegistryK8sCmdOptions(
    string Name,
    IReadOnlyList<Uri> ListenOn,
    TimeSpan ExpirePeriod,
    Uri? ProxyRegistryUrl,
    string? Namespace,
    Uri? ApiServer,
    string? ApiTokenFile)
{
    /// <summary>The default of the listen URLs.</summary>
    public const string DefaultListenOn = "tcp://:5002";

    /// <summary>Gets NSM_MAX_TOKEN_LIFETIME: the lifetime of the registry's own path tokens (default <c>10m</c>).</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets how KUBERNETES_SERVICE_HOST and friends are read (the process environment by default).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Reads the settings.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="NsmConfigurationException">A variable has a bad value; the message names it.</exception>
    public static RegistryK8sCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var periodName = env.Find("REGISTRY_K8S_EXPIRE_PERIOD", "NSM_EXPIRE_PERIOD")?.Name ?? "NSM_EXPIRE_PERIOD";
        var period = env.GetDuration(periodName, TimeSpan.FromMinutes(1));
        if (period <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException($"{periodName}: '{env.Find(periodName)?.Value}' is not a positive duration such as 1m, 30s or 1m30s");
        }

        var listenName = env.Find("REGISTRY_K8S_LISTEN_ON", "NSM_LISTEN_ON")?.Name ?? "NSM_LISTEN_ON";
        var ns = env.Find("REGISTRY_K8S_NAMESPACE", "NSM_NAMESPACE");
        if (ns is { } given && (given.Value.Length > 63 || !given.Value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            throw new NsmConfigurationException($"{given.Name}: '{given.Value}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)");
        }

        var apiServer = env.GetUrl("REGISTRY_K8S_API_SERVER", null, "NSM_K8S_API_SERVER");
        if (apiServer is not null && apiServer.Scheme is not ("http" or "https"))
        {
            throw new NsmConfigurationException($"REGISTRY_K8S_API_SERVER: '{apiServer}' is not an http:// or https:// URL");
        }

        return new RegistryK8sCmdOptions(
            env.GetString("NSM_NAME", "registry"),
            env.GetUrls(listenName, DefaultListenOn),
            period,
            env.GetUrl("REGISTRY_K8S_PROXY_REGISTRY_URL", null, "NSM_PROXY_REGISTRY_URL"),
            ns?.Value,
            apiServer,
            env.Find("REGISTRY_K8S_API_TOKEN_FILE")?.Value)
        {
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
            Variable = env.GetRaw,
        };
    }

    /// <summary>Gets the registry chains' options.</summary>
    /// <returns>The options.</returns>
    public MemoryRegistryOptions ToRegistryOptions() => new()
    {
        Name = Name,
        DefaultExpiration = ExpirePeriod,
        ProxyRegistryUrl = ProxyRegistryUrl,
        MaxTokenLifetime = MaxTokenLifetime,
    };

    /// <summary>Gets where the Kubernetes API is.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="NsmConfigurationException">Neither in a pod nor given REGISTRY_K8S_API_SERVER.</exception>
    public KubernetesApiSettings ToApiSettings()
    {
        if (ApiServer is { } server)
        {
            return new KubernetesApiSettings(server, Namespace ?? KubernetesApiSettings.ServiceAccountNamespace() ?? "default") { TokenFile = ApiTokenFile };
        }

        return KubernetesApiSettings.InCluster(Variable, Namespace)
            ?? throw new NsmConfigurationException(
                "REGISTRY_K8S_API_SERVER: not set and not in a pod (KUBERNETES_SERVICE_HOST is unset): run in Kubernetes, or set it to the API's URL (e.g. kubectl proxy's http://127.0.0.1:8001)");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"NSM_NAME={Name} NSM_LISTEN_ON={string.Join(',', ListenOn)} NSM_EXPIRE_PERIOD={ExpirePeriod} " +
        $"NSM_PROXY_REGISTRY_URL={ProxyRegistryUrl} REGISTRY_K8S_NAMESPACE={Namespace ?? "(the pod's)"} " +
        $"REGISTRY_K8S_API_SERVER={ApiServer?.ToString() ?? "(in-cluster)"} NSM_MAX_TOKEN_LIFETIME={MaxTokenLifetime}";
}
