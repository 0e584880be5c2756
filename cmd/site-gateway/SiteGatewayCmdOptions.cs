using System.Net;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.SiteGateway;

/// <summary>cmd-site-gateway configuration, read from the environment.</summary>
internal sealed record SiteGatewayCmdOptions
{
    /// <summary>Where the guide's <c>nsm-config</c> ConfigMap is mounted by default (as for nsmgr).</summary>
    public const string DefaultConfigPath = "/etc/nsm-config/nsm.yaml";

    /// <summary>Gets the <c>nsm.yaml</c> file (<c>NSM_CONFIG_FILE</c>).</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Gets the tunnel interface's name (<c>NSM_SITE_DEVICE</c>, default <c>nsm-site</c>).</summary>
    public required string DeviceName { get; init; }

    /// <summary>
    /// Gets the gateway node's address (<c>NSM_SITE_GATEWAY</c>): set on the other nodes, which route the tunnel's
    /// prefixes through it; empty on the gateway itself, which runs the tunnel.
    /// </summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>Gets how often the file is looked at (<c>NSM_SITE_POLL_INTERVAL</c>, default 1 s).</summary>
    public required TimeSpan PollInterval { get; init; }

    /// <summary>Gets how long a failed tunnel waits before it is tried again (<c>NSM_SITE_RETRY_INTERVAL</c>, default 10 s).</summary>
    public required TimeSpan RetryInterval { get; init; }

    /// <summary>Gets whether the host of <c>registry.url</c> is routed into the tunnel (<c>NSM_SITE_ROUTE_REGISTRY</c>, default true).</summary>
    public required bool RouteRegistry { get; init; }

    /// <summary>Reads the options.</summary>
    /// <exception cref="NsmConfigurationException">A value is invalid.</exception>
    public static SiteGatewayCmdOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var gateway = env.GetString("NSM_SITE_GATEWAY", string.Empty).Trim();
        IPAddress? address = null;
        if (gateway.Length > 0 && !IPAddress.TryParse(gateway, out address))
        {
            throw new NsmConfigurationException($"NSM_SITE_GATEWAY: '{gateway}' is not an IP address (the gateway node's address; empty on the gateway itself)");
        }

        var device = env.GetString("NSM_SITE_DEVICE", "nsm-site");
        if (device.Length is 0 or > 15 || device.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)))
        {
            throw new NsmConfigurationException($"NSM_SITE_DEVICE: '{device}' is not an interface name (1-15 characters, no '/', ':' or spaces)");
        }

        var poll = env.GetDuration("NSM_SITE_POLL_INTERVAL", TimeSpan.FromSeconds(1));
        var retry = env.GetDuration("NSM_SITE_RETRY_INTERVAL", TimeSpan.FromSeconds(10));
        if (poll <= TimeSpan.Zero || retry <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException("NSM_SITE_POLL_INTERVAL and NSM_SITE_RETRY_INTERVAL must be positive");
        }

        return new SiteGatewayCmdOptions
        {
            ConfigPath = env.GetString("NSM_CONFIG_FILE", DefaultConfigPath),
            DeviceName = device,
            Gateway = address,
            PollInterval = poll,
            RetryInterval = retry,
            RouteRegistry = env.GetBool("NSM_SITE_ROUTE_REGISTRY", true),
        };
    }
}
