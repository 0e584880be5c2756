using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Client;

/// <summary>Options of a client chain (<see cref="NsmClient"/>).</summary>
public sealed record ClientOptions
{
    /// <summary>Gets the client name: its path segment name. The default is <c>client-&lt;uuid&gt;</c>.</summary>
    public string Name { get; init; } = "client-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the URL of the next hop (usually the local nsmgr), or <see langword="null"/> when an earlier element sets one.</summary>
    public Uri? ClientUrl { get; init; }

    /// <summary>Gets a fixed connection to the next hop instead of dialing <see cref="ClientUrl"/>.</summary>
    public CallInvoker? ClientConnection { get; init; }

    /// <summary>Gets the token generator; a self-signed ES256 identity named after <see cref="Name"/> when <see langword="null"/>.</summary>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets the maximum lifetime of the tokens the default generator mints (<c>NSM_MAX_TOKEN_LIFETIME</c>); ignored with <see cref="TokenGenerator"/>.</summary>
    /// <value>The default is 10 minutes, as upstream.</value>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Gets the authorize element; none (upstream's default for clients) when <see langword="null"/>.</summary>
    public INetworkServiceClient? Authorize { get; init; }

    /// <summary>Gets the heal element; none when <see langword="null"/>.</summary>
    public INetworkServiceClient? Heal { get; init; }

    /// <summary>Gets the elements placed before authorize and the gRPC call (mechanisms, excluded prefixes, ...).</summary>
    public IReadOnlyList<INetworkServiceClient> AdditionalFunctionality { get; init; } = [];

    /// <summary>Gets a value indicating whether the client refreshes its connections before their tokens expire. The default is <see langword="true"/>.</summary>
    public bool Refresh { get; init; } = true;

    /// <summary>Gets the dial timeout; none when zero. The default is zero.</summary>
    public TimeSpan DialTimeout { get; init; }

    /// <summary>Gets what a reselect does to the request. The default clears the mechanism and endpoint name.</summary>
    public Action<NetworkServiceRequest> ReselectFunc { get; init; } = BeginReselect.Default;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
        ArgumentNullException.ThrowIfNull(AdditionalFunctionality, nameof(AdditionalFunctionality));
        ArgumentNullException.ThrowIfNull(ReselectFunc, nameof(ReselectFunc));
    }
}
