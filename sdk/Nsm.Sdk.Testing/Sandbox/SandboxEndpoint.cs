using Nsm.Sdk.Api;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Sdk.Testing;

/// <summary>How a sandbox NSE is made.</summary>
public sealed record SandboxEndpointOptions
{
    /// <summary>Gets the NSE's name (its registration, path segment and token subject).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the network services the NSE registers for.</summary>
    public required string[] Services { get; init; }

    /// <summary>Gets the NSE's own elements, after the endpoint chain's standard ones (IPAM, mechanisms, a counter, ...).</summary>
    /// <value>The default is none: the NSE answers every Request as it arrives.</value>
    public IReadOnlyList<INetworkServiceServer> Servers { get; init; } = [];

    /// <summary>Labels registered for every service of the NSE.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The lifetime of the NSE's tokens (the default generator's when <see langword="null"/>).</summary>
    public TimeSpan? TokenLifetime { get; init; }

    /// <summary>A fixed URL (a fresh one when <see langword="null"/>).</summary>
    public Uri? Url { get; init; }

    /// <summary>Where the NSE registers (its node's nsmgr when <see langword="null"/>).</summary>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Whether the NSE registers when it starts.</summary>
    public bool Register { get; init; } = true;

    /// <summary>Replaces the NSE's authorize element.</summary>
    public INetworkServiceServer? Authorize { get; init; }
}

/// <summary>An NSE with its registration through the node's nsmgr.</summary>
public sealed class SandboxEndpoint : IAsyncDisposable
{
    private readonly SandboxEndpointOptions _options;
    private readonly Uri _url;
    private readonly TimeProvider _clock;

    /// <summary>Builds the NSE; <see cref="SandboxNode.NewEndpointAsync(SandboxEndpointOptions)"/> builds, serves and registers one for a node.</summary>
    /// <param name="options">How the NSE is made.</param>
    /// <param name="url">The URL it is served on (its registration's URL).</param>
    /// <param name="registryUrl">Where it registers.</param>
    /// <param name="domain">The domain: its clock, and the NSE's identity (named <see cref="SandboxEndpointOptions.Name"/>).</param>
    public SandboxEndpoint(SandboxEndpointOptions options, Uri url, Uri registryUrl, SandboxDomain domain)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(domain);
        _options = options;
        _url = url;
        _clock = domain.Clock;
        var context = domain.ContextOf(options.Name, Lifetime.Token);
        var tokens = domain.TokensOf(options.Name, options.TokenLifetime);
        Endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            AdditionalFunctionality = options.Servers,
            Authorize = options.Authorize,
            TokenGenerator = tokens,
        }, context);
        RegistryClient = new EndpointRegistryClient(RegistryClientOptions.For(context, tokens) with { RegistryUrl = registryUrl, DialTimeout = TimeSpan.FromSeconds(2) });
    }

    /// <summary>Gets the lifetime of the NSE's chain; cancelling it stops its background work (a dead NSE).</summary>
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>Gets the NSE's endpoint chain.</summary>
    public NsmEndpoint Endpoint { get; }

    /// <summary>Gets the registry client the NSE registers with.</summary>
    public EndpointRegistryClient RegistryClient { get; }

    /// <summary>Gets the registration the registry returned, or <see langword="null"/> while it is not registered.</summary>
    public NetworkServiceEndpoint? Registration { get; private set; }

    /// <summary>A new registration record: name, URL, services and their labels.</summary>
    /// <returns>The record.</returns>
    public NetworkServiceEndpoint NewRegistration()
    {
        var nse = EndpointRecord.Create(Endpoint.Name, _url.ToString(), _options.Services, _options.Labels);

        return nse;
    }

    /// <summary>Registers the NSE (<see cref="NewRegistration"/>) and keeps the answer in <see cref="Registration"/>.</summary>
    /// <returns>A task that completes when it is registered.</returns>
    public async Task RegisterAsync()
    {
        Registration = await RegistryClient.RegisterAsync(NewRegistration(), new NsmContext(_clock));
    }

    /// <summary>Unregisters the NSE when it is registered.</summary>
    /// <returns>A task that completes when it is unregistered.</returns>
    public async Task UnregisterAsync()
    {
        if (Registration is { } r)
        {
            await RegistryClient.UnregisterAsync(r, new NsmContext(_clock));
            Registration = null;
        }
    }

    /// <summary>Ends the NSE's lifetime and disposes its registry client (its refresh stops; the registration is left to expire).</summary>
    /// <returns>A task that completes when it is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await Lifetime.CancelAsync();
        await RegistryClient.DisposeAsync();
        Lifetime.Dispose();
    }
}
