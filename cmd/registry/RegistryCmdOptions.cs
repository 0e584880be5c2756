using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Registry;

/// <summary>The settings of the memory registry program, read once from <c>NSM_*</c> environment variables.</summary>
/// <param name="Name">NSM_NAME: the component name used in logs (default <c>registry</c>).</param>
/// <param name="ListenOn">
/// NSM_LISTEN_ON: comma-separated <c>tcp://host:port</c> and <c>unix:///path</c> URLs (default <c>tcp://:5002</c>, as
/// the deployments). An empty host (<c>tcp://:5002</c>) listens on all interfaces, as Go does.
/// </param>
/// <param name="ExpirePeriod">NSM_EXPIRE_PERIOD: NSE expiration without refresh, a Go duration (default <c>1m</c>; cmd-registry-memory hard-codes 1 min).</param>
/// <param name="ProxyRegistryUrl">NSM_PROXY_REGISTRY_URL: where names of other domains (<c>name@domain</c>) go: the nsmgr-proxy.</param>
/// <param name="ServerPolicies">NSM_REGISTRY_SERVER_POLICIES: OPA policy globs; upstream's default set (tokens valid, not expired, chained, client allowed, previous token signed) is enforced whenever SPIFFE is on, other globs are only listed.</param>
/// <param name="ClientPolicies">NSM_REGISTRY_CLIENT_POLICIES: OPA policy globs for the proxy client (accepted, listed).</param>
internal sealed record RegistryCmdOptions(
    string Name,
    IReadOnlyList<Uri> ListenOn,
    TimeSpan ExpirePeriod,
    Uri? ProxyRegistryUrl,
    IReadOnlyList<string> ServerPolicies,
    IReadOnlyList<string> ClientPolicies)
{
    /// <summary>The default of NSM_LISTEN_ON.</summary>
    public const string DefaultListenOn = "tcp://:5002";

    /// <summary>The default of NSM_REGISTRY_SERVER_POLICIES.</summary>
    public const string DefaultServerPolicies = "etc/nsm/opa/common/.*.rego,etc/nsm/opa/registry/.*.rego,etc/nsm/opa/server/.*.rego";

    /// <summary>The default of NSM_REGISTRY_CLIENT_POLICIES.</summary>
    public const string DefaultClientPolicies = "etc/nsm/opa/common/.*.rego,etc/nsm/opa/registry/.*.rego,etc/nsm/opa/client/.*.rego";

    /// <summary>Gets NSM_MAX_TOKEN_LIFETIME: the lifetime of the registry's own path tokens, a Go duration (default <c>10m</c>).</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Reads the settings.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="NsmConfigurationException">A variable has a bad value; the message names it.</exception>
    public static RegistryCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var period = env.GetDuration("NSM_EXPIRE_PERIOD", TimeSpan.FromMinutes(1));
        if (period <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException($"NSM_EXPIRE_PERIOD: '{env.Find("NSM_EXPIRE_PERIOD")?.Value}' is not a positive duration such as 1m, 30s or 1m30s");
        }

        return new RegistryCmdOptions(
            env.GetString("NSM_NAME", "registry"),
            env.GetUrls("NSM_LISTEN_ON", DefaultListenOn),
            period,
            env.GetUrl("NSM_PROXY_REGISTRY_URL", null),
            Default(env.GetList("NSM_REGISTRY_SERVER_POLICIES"), DefaultServerPolicies),
            Default(env.GetList("NSM_REGISTRY_CLIENT_POLICIES"), DefaultClientPolicies))
        {
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
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

    /// <inheritdoc />
    public override string ToString() =>
        $"NSM_NAME={Name} NSM_LISTEN_ON={string.Join(',', ListenOn)} NSM_EXPIRE_PERIOD={ExpirePeriod} " +
        $"NSM_PROXY_REGISTRY_URL={ProxyRegistryUrl} NSM_MAX_TOKEN_LIFETIME={MaxTokenLifetime} policies={ServerPolicies.Count}/{ClientPolicies.Count} (the default set applies when SPIFFE is on)";

    private static IReadOnlyList<string> Default(IReadOnlyList<string> list, string defaults) =>
        list.Count > 0 ? list : defaults.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
