using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Core;
using Path = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>One node: an nsmgr, its forwarders and the NSEs registered through it.</summary>
public sealed class SandboxNode : IAsyncDisposable
{
    private readonly SandboxDomain _domain;

    /// <summary>Builds the node's nsmgr (not started); <see cref="SandboxDomain.AddNodeAsync"/> builds and starts a node.</summary>
    /// <param name="domain">The domain the node belongs to (its registry, clock and socket folder).</param>
    /// <param name="index">The node's index in the domain.</param>
    /// <param name="nsmgrName">The nsmgr's name.</param>
    public SandboxNode(SandboxDomain domain, int index, string nsmgrName)
    {
        ArgumentNullException.ThrowIfNull(domain);
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
                ClusterConfigPath = domain.Options.ClusterConfigPath,
            }, domain.ContextOf(nsmgrName))),
            n => n.ServerChains,
            domain.Clock,
            domain.CredentialsOf(nsmgrName));
    }

    /// <summary>Gets the node's index in the domain.</summary>
    public int Index { get; }

    /// <summary>Gets the domain the node belongs to.</summary>
    public SandboxDomain Domain => _domain;

    /// <summary>Gets the node's nsmgr (registered with the domain's registry, when there is one).</summary>
    public RestartableServer<NsmgrServer> Nsmgr { get; }

    /// <summary>Gets the node's forwarders by name.</summary>
    public Dictionary<string, RestartableServer<ForwarderServer>> Forwarders { get; } = [];

    /// <summary>Gets the node's NSEs by name.</summary>
    public Dictionary<string, RestartableServer<SandboxEndpoint>> Endpoints { get; } = [];

    /// <summary>Starts a forwarder connected to the node's nsmgr and waits until it is registered.</summary>
    /// <param name="name">The forwarder's name.</param>
    /// <param name="labels">Its registration labels; <c>p2p=true</c> when <see langword="null"/>.</param>
    /// <param name="servers">Extra server elements of its chain (e.g. a mechanism); none when <see langword="null"/>.</param>
    /// <param name="clients">Extra client elements of its chain; none when <see langword="null"/>.</param>
    /// <returns>The running forwarder.</returns>
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
            }, _domain.ContextOf(name))),
            f => f.ServerChains,
            _domain.Clock,
            _domain.CredentialsOf(name));
        Forwarders[name] = entry;
        await entry.StartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        return entry;
    }

    /// <summary>Starts a forwarder again on its URL and registers it.</summary>
    /// <param name="entry">The forwarder (from <see cref="NewForwarderAsync"/>).</param>
    /// <returns>A task that completes when it is registered.</returns>
    public static async Task RestartForwarderAsync(RestartableServer<ForwarderServer> entry)
    {
        await entry.RestartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    /// <summary>Starts an NSE for <paramref name="services"/> and registers it through the node's nsmgr.</summary>
    /// <param name="name">The NSE's name.</param>
    /// <param name="services">The network services it serves.</param>
    /// <param name="servers">Its own elements (<see cref="SandboxEndpointOptions.Servers"/>).</param>
    /// <returns>The running NSE.</returns>
    public Task<RestartableServer<SandboxEndpoint>> NewEndpointAsync(string name, string[] services, params INetworkServiceServer[] servers) =>
        NewEndpointAsync(new SandboxEndpointOptions { Name = name, Services = services, Servers = servers });

    /// <summary>Starts an NSE and, unless <see cref="SandboxEndpointOptions.Register"/> is off, registers it.</summary>
    /// <param name="options">How the NSE is made.</param>
    /// <returns>The running NSE.</returns>
    public async Task<RestartableServer<SandboxEndpoint>> NewEndpointAsync(SandboxEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entry = new RestartableServer<SandboxEndpoint>(
            options.Url ?? _domain.NewUrl("nse"),
            url => Task.FromResult(new SandboxEndpoint(options, url, options.RegistryUrl ?? Nsmgr.Url, _domain)),
            e => e.Endpoint.ServerChains,
            _domain.Clock,
            _domain.CredentialsOf(options.Name));
        Endpoints[options.Name] = entry;
        await entry.StartAsync();
        if (options.Register)
        {
            await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        }

        return entry;
    }

    /// <summary>An NSC connected to the node's nsmgr (disposed with the domain).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="additional">Extra client elements (<see cref="SandboxClientOptions.Additional"/>); none when <see langword="null"/>.</param>
    /// <param name="heal">Whether it heals.</param>
    /// <returns>The client.</returns>
    public SandboxClient NewClient(string name = "nsc", IReadOnlyList<INetworkServiceClient>? additional = null, bool heal = true) =>
        NewClient(new SandboxClientOptions { Name = name, Additional = additional ?? [], Heal = heal });

    /// <summary>An NSC connected to the node's nsmgr (disposed with the domain).</summary>
    /// <param name="options">How the NSC is made.</param>
    /// <returns>The client.</returns>
    public SandboxClient NewClient(SandboxClientOptions options)
    {
        var client = new SandboxClient(options, Nsmgr.Url, _domain);
        _domain.Clients.Add(client);
        return client;
    }

    /// <summary>The connections the node's nsmgr, forwarders and NSEs hold (their monitors' view).</summary>
    /// <returns>The total.</returns>
    public int ConnectionCount() =>
        (Nsmgr.Current?.Monitor.GetConnections().Count ?? 0)
        + Forwarders.Values.Sum(f => f.Current?.Monitor.GetConnections().Count ?? 0)
        + Endpoints.Values.Sum(e => e.Current?.Endpoint.Monitor.GetConnections().Count ?? 0);

    /// <summary>Each component's connection count as <c>name=count</c>, for failure messages.</summary>
    /// <returns>The lines.</returns>
    public IEnumerable<string> Describe() =>
        [
            $"{Nsmgr.Current?.Name}={Nsmgr.Current?.Monitor.GetConnections().Count}",
            .. Forwarders.Select(f => $"{f.Key}={f.Value.Current?.Monitor.GetConnections().Count}"),
            .. Endpoints.Select(e => $"{e.Key}={e.Value.Current?.Endpoint.Monitor.GetConnections().Count}"),
        ];

    /// <summary>Stops the NSEs, the forwarders and the nsmgr.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
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
