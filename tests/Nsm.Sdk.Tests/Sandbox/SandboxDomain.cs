using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Path = System.IO.Path;

namespace Nsm.Sdk.Tests.Sandbox;

/// <summary>
/// An NSM domain in one process: an optional in-memory registry and N nodes (nsmgr + forwarder each), all served
/// over real gRPC on unix sockets in a temp dir; NSEs and NSCs are added by the test.
/// </summary>
internal sealed class SandboxDomain : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private int _next;

    private SandboxDomain()
    {
        Dir = Path.Combine(Path.GetTempPath(), "nsm-sbx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public RestartableServer<MemoryRegistryServer>? Registry { get; private set; }

    public List<SandboxNode> Nodes { get; } = [];

    public List<SandboxClient> Clients { get; } = [];

    public static async Task<SandboxDomain> BuildAsync(int nodes = 1, bool registry = true, Action<SandboxNodeSetup>? setup = null)
    {
        var domain = new SandboxDomain();
        try
        {
            if (registry)
            {
                domain.Registry = new RestartableServer<MemoryRegistryServer>(domain.NewUrl("registry"), _ => Task.FromResult(new MemoryRegistryServer()), r => r.Chains);
                await domain.Registry.StartAsync();
            }

            for (var i = 0; i < nodes; i++)
            {
                var s = new SandboxNodeSetup { Index = i };
                setup?.Invoke(s);
                var node = new SandboxNode(domain, i, s.NsmgrName ?? $"nsmgr-{i}");
                domain.Nodes.Add(node);
                await node.Nsmgr.StartAsync();
                if (s.DefaultForwarder)
                {
                    await node.NewForwarderAsync($"forwarder-{i}");
                }
            }
        }
        catch
        {
            await domain.DisposeAsync();
            throw;
        }

        return domain;
    }

    public Uri NewUrl(string prefix) => new("unix://" + Path.Combine(Dir, $"{prefix}_{Interlocked.Increment(ref _next)}.sock"));

    public ServiceRegistryClient NewServiceRegistryClient()
    {
        var client = new ServiceRegistryClient(new RegistryClientOptions
        {
            RegistryUrl = Registry?.Url ?? Nodes[0].Nsmgr.Url,
            RefreshEnabled = false,
            HealEnabled = false,
        });
        Track(client);
        return client;
    }

    public async Task<NetworkService> RegisterServiceAsync(string name, Action<NetworkService>? configure = null)
    {
        var ns = new NetworkService { Name = name };
        configure?.Invoke(ns);
        return await NewServiceRegistryClient().RegisterAsync(ns, new NsmContext()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    public T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    /// <summary>Asserts that no component still holds a connection (monitor state) and that everything can be shut down.</summary>
    public async Task AssertNoConnectionsAsync()
    {
        foreach (var client in Clients)
        {
            await client.DisposeAsync();
        }

        Clients.Clear();
        await Common.Doubles.TestExtensions.Eventually(
            () => Nodes.All(n => n.ConnectionCount() == 0),
            "every nsmgr, forwarder and NSE to release its connections: " + string.Join(", ", Nodes.SelectMany(n => n.Describe())));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
        {
            await client.DisposeAsync();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var d in Enumerable.Reverse(_disposables))
        {
            await d.DisposeAsync();
        }

        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        var left = Directory.Exists(Dir) ? Directory.GetFiles(Dir, "*.sock") : [];
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }

        Assert.Empty(left);
    }
}

/// <summary>How a node is set up.</summary>
internal sealed class SandboxNodeSetup
{
    public int Index { get; init; }

    public string? NsmgrName { get; set; }

    public bool DefaultForwarder { get; set; } = true;
}

/// <summary>One node: an nsmgr, its forwarders and the NSEs registered through it.</summary>
internal sealed class SandboxNode : IAsyncDisposable
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
            })),
            n => n.ServerChains);
    }

    public int Index { get; }

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
            async url =>
            {
                var fwd = new ForwarderServer(new ForwarderOptions
                {
                    Name = name,
                    Url = url,
                    NsmgrUrl = Nsmgr.Url,
                    Labels = labels ?? new Dictionary<string, string> { ["p2p"] = "true" },
                    AdditionalServerFunctionality = servers ?? [],
                    AdditionalClientFunctionality = clients ?? [],
                });
                return fwd;
            },
            f => f.ServerChains);
        Forwarders[name] = entry;
        await entry.StartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5));
        return entry;
    }

    /// <summary>Starts a forwarder again on its URL and registers it.</summary>
    public static async Task RestartForwarderAsync(RestartableServer<ForwarderServer> entry)
    {
        await entry.RestartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async Task<RestartableServer<SandboxEndpoint>> NewEndpointAsync(
        string name,
        string[] services,
        params INetworkServiceServer[] servers)
    {
        var entry = new RestartableServer<SandboxEndpoint>(
            _domain.NewUrl("nse"),
            url => Task.FromResult(new SandboxEndpoint(name, url, Nsmgr.Url, services, servers)),
            e => e.Endpoint.ServerChains);
        Endpoints[name] = entry;
        await entry.StartAsync();
        await entry.Current!.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(5));
        return entry;
    }

    public SandboxClient NewClient(string name = "nsc", IReadOnlyList<INetworkServiceClient>? additional = null, bool heal = true)
    {
        var client = new SandboxClient(name, Nsmgr.Url, additional ?? [], heal);
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

/// <summary>An NSE with its registration through the node's nsmgr.</summary>
internal sealed class SandboxEndpoint : IAsyncDisposable
{
    private readonly Uri _url;
    private readonly string[] _services;

    public SandboxEndpoint(string name, Uri url, Uri nsmgrUrl, string[] services, IReadOnlyList<INetworkServiceServer> servers)
    {
        _url = url;
        _services = services;
        Endpoint = new NsmEndpoint(new EndpointOptions { Name = name, AdditionalFunctionality = servers, Lifetime = Lifetime.Token });
        RegistryClient = new EndpointRegistryClient(new RegistryClientOptions { RegistryUrl = nsmgrUrl, DialTimeout = TimeSpan.FromSeconds(2) });
    }

    public CancellationTokenSource Lifetime { get; } = new();

    public NsmEndpoint Endpoint { get; }

    public EndpointRegistryClient RegistryClient { get; }

    public NetworkServiceEndpoint? Registration { get; private set; }

    public async Task RegisterAsync()
    {
        var nse = new NetworkServiceEndpoint { Name = Endpoint.Name, Url = _url.ToString() };
        nse.NetworkServiceNames.Add(_services);
        Registration = await RegistryClient.RegisterAsync(nse, new NsmContext());
    }

    public async Task UnregisterAsync()
    {
        if (Registration is { } r)
        {
            await RegistryClient.UnregisterAsync(r, new NsmContext());
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

/// <summary>An NSC: retry around a client chain with heal, pointed at the node's nsmgr.</summary>
internal sealed class SandboxClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();

    public SandboxClient(string name, Uri nsmgrUrl, IReadOnlyList<INetworkServiceClient> additional, bool heal)
    {
        Chain = new NsmClient(new ClientOptions
        {
            Name = name,
            ClientUrl = nsmgrUrl,
            Heal = heal ? new HealClient(new HealOptions { ChainToken = _lifetime.Token }) : null,
            DialTimeout = TimeSpan.FromSeconds(2),
            AdditionalFunctionality = additional,
            Lifetime = _lifetime.Token,
        });
        Client = new RetryClient(Chain, new RetryOptions { Interval = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(2) });
    }

    public NsmClient Chain { get; }

    public RetryClient Client { get; }

    public static NetworkServiceRequest DefaultRequest(string service, string? id = null) => new()
    {
        Connection = new Connection { Id = id ?? Guid.NewGuid().ToString(), NetworkService = service },
        MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
    };

    public Task<Connection> RequestAsync(NetworkServiceRequest request, TimeSpan? timeout = null) =>
        Client.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public Task CloseAsync(Connection connection, TimeSpan? timeout = null) =>
        Client.CloseAsync(connection, new NsmContext(), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        _lifetime.Dispose();
    }
}
