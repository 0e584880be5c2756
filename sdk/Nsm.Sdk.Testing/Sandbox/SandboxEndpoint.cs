using Nsm.Sdk.Builder;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Testing;

/// <summary>How a sandbox NSE is made.</summary>
public sealed record SandboxEndpointOptions
{
    public required string Name { get; init; }

    public required string[] Services { get; init; }

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

    public SandboxEndpoint(SandboxEndpointOptions options, Uri url, Uri registryUrl, TimeProvider clock)
    {
        _options = options;
        _url = url;
        _clock = clock;
        Endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            AdditionalFunctionality = options.Servers,
            Authorize = options.Authorize,
            TokenGenerator = SelfSignedTokenGenerator.Create(options.Name, clock, options.TokenLifetime),
        }, new NsmBuildContext { Lifetime = Lifetime.Token, TimeProvider = clock });
        RegistryClient = new EndpointRegistryClient(new RegistryClientOptions { RegistryUrl = registryUrl, DialTimeout = TimeSpan.FromSeconds(2) });
    }

    public CancellationTokenSource Lifetime { get; } = new();

    public NsmEndpoint Endpoint { get; }

    public EndpointRegistryClient RegistryClient { get; }

    public NetworkServiceEndpoint? Registration { get; private set; }

    public NetworkServiceEndpoint NewRegistration()
    {
        var nse = new NetworkServiceEndpoint { Name = Endpoint.Name, Url = _url.ToString() };
        nse.NetworkServiceNames.Add(_options.Services);
        if (_options.Labels is { } labels)
        {
            foreach (var service in _options.Services)
            {
                var l = new NetworkServiceLabels();
                foreach (var (k, v) in labels)
                {
                    l.Labels[k] = v;
                }

                nse.NetworkServiceLabels[service] = l;
            }
        }

        return nse;
    }

    public async Task RegisterAsync()
    {
        Registration = await RegistryClient.RegisterAsync(NewRegistration(), new NsmContext(_clock));
    }

    public async Task UnregisterAsync()
    {
        if (Registration is { } r)
        {
            await RegistryClient.UnregisterAsync(r, new NsmContext(_clock));
            Registration = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Lifetime.CancelAsync();
        await RegistryClient.DisposeAsync();
        Lifetime.Dispose();
    }
}
