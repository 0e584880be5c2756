using Nsm.Api.Registry;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting;

/// <summary>What an NSE keeps registered while its host runs (<c>AddRegistration</c>).</summary>
public sealed record NsmRegistrationOptions
{
    /// <summary>Gets the registry to register with (usually the local nsmgr, which forwards to the registry).</summary>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Gets the endpoint record (name, URL, network services and their labels).</summary>
    public NetworkServiceEndpoint? Endpoint { get; init; }

    /// <summary>Gets the network services registered before the endpoint (upstream's <c>NSM_REGISTER_SERVICE</c>).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<NetworkService> Services { get; init; } = [];

    /// <summary>Gets a value indicating whether the endpoint is unregistered when the host stops (else it is left to expire).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UnregisterOnStop { get; init; } = true;

    /// <summary>Gets the dial timeout towards the registry.</summary>
    /// <value>The default is 5 s.</value>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the wait between failed registration attempts.</summary>
    /// <value>The default is 1 s.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the generator of the registration's <c>nsm-client-token</c>.</summary>
    /// <value>The default is <see langword="null"/>: the token generator of the host's endpoint (<c>AddEndpoint</c>).</value>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Throws when a value is missing or out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(RegistryUrl, nameof(RegistryUrl));
        ArgumentNullException.ThrowIfNull(Endpoint, nameof(Endpoint));
        ArgumentException.ThrowIfNullOrWhiteSpace(Endpoint.Name, nameof(Endpoint));
        ArgumentNullException.ThrowIfNull(Services, nameof(Services));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
    }
}
