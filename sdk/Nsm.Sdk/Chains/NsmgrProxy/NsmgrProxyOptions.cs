using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.NsmgrProxy;

/// <summary>Settings of the interdomain nsmgr proxy (<see cref="NsmgrProxyServer"/>, cmd-nsmgr-proxy).</summary>
public sealed record NsmgrProxyOptions
{
    /// <summary>Gets the proxy's name (its path segments and tokens).</summary>
    /// <value>The default is <c>nsmgr-proxy</c>, as upstream's cmd.</value>
    public string Name { get; init; } = "nsmgr-proxy";

    /// <summary>Gets the URL other domains reach this proxy at: everything advertised through it carries this URL.</summary>
    /// <value>Required.</value>
    public Uri? Url { get; init; }

    /// <summary>Gets this domain's registry (<c>NSM_REGISTRY_URL</c>): where Requests from other domains are discovered.</summary>
    /// <value>Required.</value>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Gets the interdomain registry proxy (<c>NSM_REGISTRY_PROXY_URL</c>, a registry-proxy-dns): where registrations and queries for other domains go.</summary>
    /// <value>Required.</value>
    public Uri? RegistryProxyUrl { get; init; }

    /// <summary>Gets the generator of the proxy's tokens; a self-signed one named <see cref="Name"/> when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the longest lifetime of the proxy's tokens.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets how long dialing the next hop (another proxy, an nsmgr, a registry) may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets upstream's <c>map-ip.yaml</c> (cmd-nsmgr-proxy's <c>NSM_MAP_IP_FILE_PATH</c>): internal → external IP
    /// addresses, applied by <c>swapip</c> to remote mechanisms and NSE URLs; read again when it changes.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no swapip, addresses are advertised as they are.</value>
    public string? MapIpFilePath { get; init; }

    /// <summary>Throws when a value is missing or out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(Url, nameof(Url));
        ArgumentNullException.ThrowIfNull(RegistryUrl, nameof(RegistryUrl));
        ArgumentNullException.ThrowIfNull(RegistryProxyUrl, nameof(RegistryProxyUrl));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        if (MapIpFilePath is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(MapIpFilePath, nameof(MapIpFilePath));
        }
    }
}
