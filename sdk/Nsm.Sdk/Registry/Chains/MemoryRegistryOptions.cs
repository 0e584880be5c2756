using Nsm.Sdk.Authorization;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>Settings of the memory registry server chains (<see cref="MemoryRegistryServer"/>).</summary>
public sealed record MemoryRegistryOptions
{
    /// <summary>Gets how long an NSE registration lives without a refresh.</summary>
    /// <value>The default is 1 min, as upstream's memory registry.</value>
    public TimeSpan DefaultExpiration { get; init; } = ExpireOptions.DefaultDefaultExpiration;

    /// <summary>Gets the registry's name: the path of its self-signed SPIFFE ID when <see cref="TokenGenerator"/> is not set.</summary>
    /// <value>The default is <c>registry</c>.</value>
    public string Name { get; init; } = "registry";

    /// <summary>Gets the generator of the registry's own path tokens (<c>updatepath</c>).</summary>
    /// <value>The default is <see langword="null"/>: a self-signed identity named after <see cref="Name"/> that renews itself.</value>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the maximum lifetime of the default generator's tokens (<c>NSM_MAX_TOKEN_LIFETIME</c>).</summary>
    /// <value>The default is 10 minutes, as upstream.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets the policies of the NS and NSE <c>authorize</c> elements (each keeps its own name → path ids map).</summary>
    /// <value>The default is <see langword="null"/>: upstream's registry server policies when the build context is secure, else no checks.</value>
    public AuthorizationPolicySet<RegistryAuthorizationInput>? Policies { get; init; }

    /// <summary>
    /// Gets the registry of the interdomain proxy (<c>NSM_PROXY_REGISTRY_URL</c>). Not used yet: names with <c>@domain</c>
    /// are stored locally like any other.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Uri? ProxyRegistryUrl { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DefaultExpiration"/> is negative or <see cref="MaxTokenLifetime"/> not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultExpiration, TimeSpan.Zero, nameof(DefaultExpiration));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
    }
}
