using Nsm.Sdk.Common.ExcludedPrefixes;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Nsmgr;

/// <summary>Options of <see cref="NsmgrServer"/>.</summary>
public sealed record NsmgrOptions
{
    /// <summary>Gets the nsmgr name (its path segment name). The default is <c>nsmgr-&lt;uuid&gt;</c>.</summary>
    public string Name { get; init; } = "nsmgr-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Gets the public URL of this nsmgr: the URL NSEs registered through it are published under (localbypass) and
    /// the URL its forwarders are filtered by. <see langword="null"/> (e.g. unix-socket-only) turns both off.
    /// </summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the remote registry URL; <see langword="null"/> keeps the registry in memory.</summary>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Gets the dial timeout of the nsmgr's client side (next hops and the remote registry). The default is 15 s.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the expiration given to NSE registrations that carry none. The default is 1 min.</summary>
    public TimeSpan DefaultExpiration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the network service forwarders register under. The default is <c>forwarder</c>.</summary>
    public string ForwarderServiceName { get; init; } = "forwarder";

    /// <summary>Gets the excluded prefixes file path. The default is upstream's <c>/var/lib/networkservicemesh/config/excluded_prefixes.yaml</c>.</summary>
    public string ExcludedPrefixesConfigPath { get; init; } = ExcludedPrefixesServerOptions.DefaultConfigPath;

    /// <summary>Gets the token generator; a self-signed identity named after <see cref="Name"/> when <see langword="null"/>.</summary>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the maximum lifetime of the tokens the default generator mints (<c>NSM_MAX_TOKEN_LIFETIME</c>); ignored with <see cref="TokenGenerator"/>.</summary>
    /// <value>The default is 10 minutes, as upstream.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>
    /// Gets a value indicating whether nsmgr keeps a watched local copy of the remote registry (<see cref="RegistryUrl"/>)
    /// and answers lookups from it: one watch per record kind instead of a registry round trip per lookup and a registry
    /// stream per connection. Default <see langword="true"/>.
    /// </summary>
    public bool RegistryMirror { get; init; } = true;

    /// <summary>
    /// Gets the registry of another cluster whose services this nsmgr also finds (federation; the guide's
    /// <c>nsm-config</c> <c>registry.url</c>), or null. <see cref="ClusterConfigPath"/> wins when both are set.
    /// </summary>
    public Uri? FederatedRegistryUrl { get; init; }

    /// <summary>
    /// Gets the cluster config file (<c>nsm.yaml</c> of the guide's <c>nsm-config</c> ConfigMap) whose
    /// <c>registry.url</c> names the federated registry, read again when it changes; null for none.
    /// </summary>
    public string? ClusterConfigPath { get; init; }

    /// <summary>Gets how long a Find waits for the federated registry before answering with this cluster's records.</summary>
    public TimeSpan FederationTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets who may name a network namespace by path or inode instead of passing its descriptor (grpcfd). Default:
    /// nobody (callers pass the descriptor or name their own namespace); see <see cref="Common.NamespaceAccess.NamespaceAccessOptions"/>.
    /// </summary>
    public Common.NamespaceAccess.NamespaceAccessOptions NamespaceAccess { get; init; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultExpiration, TimeSpan.Zero, nameof(DefaultExpiration));
        ArgumentException.ThrowIfNullOrWhiteSpace(ForwarderServiceName, nameof(ForwarderServiceName));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FederationTimeout, TimeSpan.Zero, nameof(FederationTimeout));
    }
}
