using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Core;
using Path = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>One node: an nsmgr, its forwarders and the NSEs registered through it.</summary>
public sealed class SandboxNode : IAsyncDisposable
{
    private readonly SandboxDomain _domain;

    public SandboxNode(SandboxDomain domain, int index, string nsmgrName)
    {
        _domain = domain;
        Index = index;
        var excluded = Path.Combine(domain.Dir, $"excluded_prefixes_{index}.yaml");
        Nsmgr = new RestartableServer<NsmgrServer>(
            domain.NewUrl("nsmgr"),
            url => Task.FromResult(new NsmgrServer(new NsmgrOptions
            {
                Name = nsmgrName,
                Url = url,
                RegistryUrl = domain.Registry?.Url,
                DialTimeout = TimeSpan.FromSeconds(2),
                ExcludedPrefixesConfigPath = excluded,
            }, new NsmBuildContext { TimeProvider = domain.Clock })),
            n => n.ServerChains,
            domain.Clock);
    }

    public int Index { get; }

    public SandboxDomain Domain => _domain;

    public RestartableServer<NsmgrServer> Nsmgr { get; }

    public Dictionary<string, RestartableServer<ForwarderServer>> Forwarders { get; } = [];

    public Dictionary<string, RestartableServer<SandboxEndpoint>> Endpoints { get; } = [];

    public async Task<RestartableServer<ForwarderServer>> NewForwarderAsync(
        string name,
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyList<INetworkServiceServer>? servers = null,
        IReadOnlyList<INetworkServiceClient>? clients = null)
    {
        var entry = new RestartableServer<ForwarderServer>(
            _domain.NewUrl("forwarder"),
            url => Task.FromResult(new ForwarderServer(new ForwarderOptions
            {
                Name = name,
                Url = url,
                NsmgrUrl = Nsmgr.Url,
                Labels = labels ?? new Dictionary<string, string> { ["p2p"] = "true" },
                AdditionalServerFunctionality = servers ?? [],
                AdditionalClientFunctionality = clients ?? [],
            }, new NsmBuildContext { TimeProvider = _domain.Clock })),
            f => f.ServerChains,
            _domain.Clock);
        Forwarders[name] = entry;
        await entry.StartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        return entry;
    }

    /// <summary>Starts a forwarder again on its URL and registers it.</summary>
    public static async Task RestartForwarderAsync(RestartableServer<ForwarderServer> entry)
    {
        await entry.RestartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    public Task<RestartableServer<SandboxEndpoint>> NewEndpointAsync(string name, string[] services, params INetworkServiceServer[] servers) =>
        NewEndpointAsync(new SandboxEndpointOptions { Name = name, Services = services, Servers = servers });

    public async Task<RestartableServer<SandboxEndpoint>> NewEndpointAsync(SandboxEndpointOptions options)
    {
        var entry = new RestartableServer<SandboxEndpoint>(
            options.Url ?? _domain.NewUrl("nse"),
            url => Task.FromResult(new SandboxEndpoint(options, url, options.RegistryUrl ?? Nsmgr.Url, _domain.Clock)),
            e => e.Endpoint.ServerChains,
            _domain.Clock);
        Endpoints[options.Name] = entry;
        await entry.StartAsync();
        if (options.Register)
        {
            await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        }

        return entry;
    }

    public SandboxClient NewClient(string name = "nsc", IReadOnlyList<INetworkServiceClient>? additional = null, bool heal = true) =>
        NewClient(new SandboxClientOptions { Name = name, Additional = additional ?? [], Heal = heal });

    public SandboxClient NewClient(SandboxClientOptions options)
    {
        var client = new SandboxClient(options, Nsmgr.Url, _domain.Clock);
        _domain.Clients.Add(client);
        return client;
    }

    public int ConnectionCount() =>
        (Nsmgr.Current?.Monitor.GetConnections().Count ?? 0)
        + Forwarders.Values.Sum(f => f.Current?.Monitor.GetConnections().Count ?? 0)
        + Endpoints.Values.Sum(e => e.Current?.Endpoint.Monitor.GetConnections().Count ?? 0);

    public IEnumerable<string> Describe() =>
        [
            $"{Nsmgr.Current?.Name}={Nsmgr.Current?.Monitor.GetConnections().Count}",
            .. Forwarders.Select(f => $"{f.Key}={f.Value.Current?.Monitor.GetConnections().Count}"),
            .. Endpoints.Select(e => $"{e.Key}={e.Value.Current?.Endpoint.Monitor.GetConnections().Count}"),
        ];

    public async ValueTask DisposeAsync()
    {
        foreach (var e in Endpoints.Values)
        {
            await e.DisposeAsync();
        }

        foreach (var f in Forwarders.Values)
        {
            await f.DisposeAsync();
        }

        await Nsmgr.DisposeAsync();
    }
}
