using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Endpoint;

/// <summary>Options of an endpoint chain (<see cref="NsmEndpoint"/>).</summary>
public sealed record EndpointOptions
{
    /// <summary>Gets the endpoint name: its path segment name and registry name. The default is <c>endpoint-&lt;uuid&gt;</c>.</summary>
    public string Name { get; init; } = "endpoint-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the token generator; a self-signed ES256 identity named after <see cref="Name"/> when <see langword="null"/>.</summary>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the maximum lifetime of the tokens the default generator mints (<c>NSM_MAX_TOKEN_LIFETIME</c>); ignored with <see cref="TokenGenerator"/>.</summary>
    /// <value>The default is 10 minutes, as upstream.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets the authorize element; allow-all (upstream's default for chains) when <see langword="null"/>.</summary>
    public INetworkServiceServer? Authorize { get; init; }

    /// <summary>Gets the authorize element of the MonitorConnection service; allow-all when <see langword="null"/>.</summary>
    public IMonitorConnectionServer? AuthorizeMonitor { get; init; }

    /// <summary>Gets the elements that follow the standard ones: what makes this endpoint this endpoint (IPAM, mechanisms, ...).</summary>
    public IReadOnlyList<INetworkServiceServer> AdditionalFunctionality { get; init; } = [];

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
        ArgumentNullException.ThrowIfNull(AdditionalFunctionality, nameof(AdditionalFunctionality));
    }
}
