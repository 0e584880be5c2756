using Nsm.Sdk.Builder;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Path = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>
/// An NSM domain in one process: an optional in-memory registry and N nodes (nsmgr + forwarder each), all served
/// over real gRPC on unix sockets in a temp dir; NSEs and NSCs are added by the test.
/// </summary>
public sealed class SandboxDomain : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private int _next;

    private SandboxDomain(SandboxOptions options)
    {
        Options = options;
        Dir = Path.Combine(Path.GetTempPath(), "nsm-sbx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public SandboxOptions Options { get; }

    /// <summary>The clock every component of the domain uses (servers, chains, tokens).</summary>
    public TimeProvider Clock => Options.Clock;

    public RestartableServer<MemoryRegistryServer>? Registry { get; private set; }

    public List<SandboxNode> Nodes { get; } = [];

    public List<SandboxClient> Clients { get; } = [];

    public static Task<SandboxDomain> BuildAsync(int nodes = 1, bool registry = true, Action<SandboxNodeSetup>? setup = null) =>
        BuildAsync(new SandboxOptions { Nodes = nodes, Registry = registry, NodeSetup = setup });

    public static async Task<SandboxDomain> BuildAsync(SandboxOptions options)
    {
        var domain = new SandboxDomain(options);
        try
        {
            if (options.Registry)
            {
                domain.Registry = new RestartableServer<MemoryRegistryServer>(
                    domain.NewUrl("registry"),
                    _ => Task.FromResult(new MemoryRegistryServer(options.RegistryOptions, new NsmBuildContext { TimeProvider = options.Clock })),
                    r => r.Chains,
                    options.Clock);
                await domain.Registry.StartAsync();
            }

            for (var i = 0; i < options.Nodes; i++)
            {
                await domain.AddNodeAsync();
            }
        }
        catch
        {
            await domain.DisposeAsync();
            throw;
        }

        return domain;
    }

    /// <summary>Adds a node (nsmgr and, unless the setup says otherwise, one forwarder).</summary>
    public async Task<SandboxNode> AddNodeAsync()
    {
        var s = new SandboxNodeSetup { Index = Nodes.Count };
        Options.NodeSetup?.Invoke(s);
        var node = new SandboxNode(this, s.Index, s.NsmgrName ?? $"nsmgr-{s.Index}");
        Nodes.Add(node);
        await node.Nsmgr.StartAsync();
        if (s.DefaultForwarder)
        {
            await node.NewForwarderAsync($"forwarder-{s.Index}");
        }

        return node;
    }

    public Uri NewUrl(string prefix) => new("unix://" + Path.Combine(Dir, $"{prefix}_{Interlocked.Increment(ref _next)}.sock"));

    /// <summary>A registry client for the domain: the registry, or the first nsmgr when there is none.</summary>
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

    /// <summary>An NSE registry client pointed at <paramref name="url"/> (the registry when <see langword="null"/>), no refresh or heal.</summary>
    public EndpointRegistryClient NewEndpointRegistryClient(Uri? url = null) =>
        Track(new EndpointRegistryClient(new RegistryClientOptions
        {
            RegistryUrl = url ?? Registry?.Url ?? Nodes[0].Nsmgr.Url,
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        }));

    public async Task<NetworkService> RegisterServiceAsync(string name, Action<NetworkService>? configure = null)
    {
        var ns = new NetworkService { Name = name };
        configure?.Invoke(ns);
        return await NewServiceRegistryClient().RegisterAsync(ns, new NsmContext(Clock)).AsTask().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    /// <summary>The NSEs named <paramref name="name"/> that the registry (or the given nsmgr) knows.</summary>
    public async Task<IReadOnlyList<NetworkServiceEndpoint>> FindEndpointsAsync(string name, Uri? url = null)
    {
        var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = name } };
        return await NewEndpointRegistryClient(url)
            .FindListAsync(query, new NsmContext(Clock), (NetworkServiceEndpointResponse r) => (r.NetworkServiceEndpoint, r.Deleted))
            .WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
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
        await SandboxWait.HoldsAsync(
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

        if (left.Length > 0)
        {
            throw new InvalidOperationException("sockets left behind: " + string.Join(", ", left));
        }
    }
}

/// <summary>How a domain is built.</summary>
public sealed record SandboxOptions
{
    public int Nodes { get; init; } = 1;

    public bool Registry { get; init; } = true;

    public Action<SandboxNodeSetup>? NodeSetup { get; init; }

    public MemoryRegistryOptions RegistryOptions { get; init; } = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>How a node is set up.</summary>
public sealed class SandboxNodeSetup
{
    public int Index { get; init; }

    public string? NsmgrName { get; set; }

    public bool DefaultForwarder { get; set; } = true;
}
