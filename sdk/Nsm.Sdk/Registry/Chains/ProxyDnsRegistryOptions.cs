using Nsm.Sdk.Builder;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Registry.Common.DnsResolve;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>Settings of the interdomain registry proxy (<see cref="ProxyDnsRegistryServer"/>, cmd-registry-proxy-dns).</summary>
public sealed record ProxyDnsRegistryOptions
{
    /// <summary>Gets the proxy's name (its path segments and tokens).</summary>
    /// <value>The default is <c>registry-proxy-dns</c>.</value>
    public string Name { get; init; } = "registry-proxy-dns";

    /// <summary>Gets how domains resolve to registries and nsmgr-proxies.</summary>
    /// <value>Required.</value>
    public IDomainResolver? Resolver { get; init; }

    /// <summary>Gets the generator of the proxy's tokens; a self-signed one named <see cref="Name"/> when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the longest lifetime of the proxy's tokens.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets how long dialing another domain's registry may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the server policies.</summary>
    /// <value>The default is <see langword="null"/>: upstream's registry server policies when the build context is secure, else no checks.</value>
    public AuthorizationPolicySet<RegistryAuthorizationInput>? Policies { get; init; }

    /// <summary>Throws when a value is missing or out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(Resolver, nameof(Resolver));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
    }

    internal RegistryClientOptions ToClientOptions(ITokenGenerator tokens, NsmBuildContext context) => RegistryClientOptions.For(context, tokens) with
    {
        DialTimeout = DialTimeout,
        RefreshEnabled = false,
        HealEnabled = false,
        RetryEnabled = false,
    };
}
