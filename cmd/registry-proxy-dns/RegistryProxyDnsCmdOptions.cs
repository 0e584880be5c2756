using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.DnsResolve;

namespace Nsm.Cmd.RegistryProxyDns;

/// <summary>cmd-registry-proxy-dns's settings, read once from <c>NSM_*</c> environment variables.</summary>
internal sealed record RegistryProxyDnsCmdOptions
{
    /// <summary>The default of NSM_LISTEN_ON: the port upstream's deployments give the proxy.</summary>
    public const string DefaultListenOn = "tcp://:5005";

    /// <summary>The default of NSM_DOMAINS_FILE.</summary>
    public const string DefaultDomainsFile = "/etc/nsm/domains";

    /// <summary>Gets NSM_NAME (default <c>registry-proxy-dns</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets NSM_LISTEN_ON.</summary>
    public required IReadOnlyList<Uri> ListenOn { get; init; }

    /// <summary>Gets NSM_DOMAINS_FILE: how domains resolve without DNS (see <see cref="DomainsFile"/>).</summary>
    public required string DomainsFile { get; init; }

    /// <summary>Gets NSM_DIAL_TIMEOUT (default 5s).</summary>
    public required TimeSpan DialTimeout { get; init; }

    /// <summary>Gets NSM_MAX_TOKEN_LIFETIME (default 10m).</summary>
    public required TimeSpan MaxTokenLifetime { get; init; }

    /// <summary>Reads the settings.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="NsmConfigurationException">A variable has a bad value; the message names it.</exception>
    public static RegistryProxyDnsCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var file = env.GetString("NSM_DOMAINS_FILE", DefaultDomainsFile);
        if (File.Exists(file))
        {
            try
            {
                Nsm.Sdk.Registry.Common.DnsResolve.DomainsFile.Parse(File.ReadAllText(file), file);
            }
            catch (FormatException ex)
            {
                throw new NsmConfigurationException("NSM_DOMAINS_FILE: " + ex.Message);
            }
        }

        return new RegistryProxyDnsCmdOptions
        {
            Name = env.GetString("NSM_NAME", "registry-proxy-dns"),
            ListenOn = env.GetUrls("NSM_LISTEN_ON", DefaultListenOn),
            DomainsFile = file,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>Gets the proxy's chain options.</summary>
    /// <returns>The options.</returns>
    public ProxyDnsRegistryOptions ToProxyOptions() => new()
    {
        Name = Name,
        Resolver = new DomainsFile(DomainsFile),
        DialTimeout = DialTimeout,
        MaxTokenLifetime = MaxTokenLifetime,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"name={Name} listenOn=[{string.Join(",", ListenOn)}] domainsFile={DomainsFile}{(File.Exists(DomainsFile) ? "" : " (missing: no domain resolves until it exists)")} " +
        $"dialTimeout={DialTimeout} maxTokenLifetime={MaxTokenLifetime}";
}
