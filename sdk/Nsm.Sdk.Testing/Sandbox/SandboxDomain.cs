using Nsm.Sdk.Builder;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Chains.NsmgrProxy;
using Nsm.Sdk.Registry.Common.DnsResolve;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Path = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>
/// An NSM domain in one process: an optional in-memory registry and N nodes (nsmgr + forwarder each), all served
/// over real gRPC on unix sockets in a temp dir; NSEs and NSCs are added by the test.
/// </summary>
/// <remarks>
/// Secure by default, as the programs: every component has its own X.509-SVID (<see cref="Identities"/>), serves and
/// dials mTLS, signs ES256 tokens and enforces upstream's default policies. <see cref="SandboxOptions.Insecure"/>
/// builds it plaintext with self-signed tokens and no policies.
/// </remarks>
public sealed class SandboxDomain : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private int _next;

    private SandboxDomain(SandboxOptions options)
    {
        Options = options;
        if (!options.Insecure)
        {
            Identities = new SandboxIdentities(
                options.CertificateAuthority ?? new DevCertificateAuthority(SandboxOptions.DefaultTrustDomain, options.Clock),
                ownsAuthority: options.CertificateAuthority is null,
                options.DomainName ?? "sandbox",
                options.Clock,
                options.SvidLifetime);
        }

        Dir = Path.Combine(Path.GetTempPath(), "nsm-sbx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
    }

    /// <summary>Gets the temp folder of the domain's sockets and files (deleted on dispose).</summary>
    public string Dir { get; }

    /// <summary>Gets how the domain was built.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The clock every component of the domain uses (servers, chains, tokens).</summary>
    public TimeProvider Clock => Options.Clock;

    /// <summary>Gets the components' SPIFFE identities, or <see langword="null"/> when the domain is <see cref="SandboxOptions.Insecure"/>.</summary>
    public SandboxIdentities? Identities { get; }

    /// <summary>Gets the in-memory registry, or <see langword="null"/> in a domain without one (each nsmgr keeps its own records).</summary>
    public RestartableServer<MemoryRegistryServer>? Registry { get; private set; }

    /// <summary>Gets the interdomain registry proxy, or <see langword="null"/> without <see cref="SandboxOptions.Interdomain"/>.</summary>
    public RestartableServer<ProxyDnsRegistryServer>? RegistryProxy { get; private set; }

    /// <summary>Gets the nsmgr-proxy, or <see langword="null"/> without <see cref="SandboxOptions.Interdomain"/>.</summary>
    public RestartableServer<NsmgrProxyServer>? NsmgrProxy { get; private set; }

    /// <summary>Gets the nodes, in the order they were added.</summary>
    public List<SandboxNode> Nodes { get; } = [];

    /// <summary>Gets the NSCs made by the nodes (disposed with the domain).</summary>
    public List<SandboxClient> Clients { get; } = [];

    /// <summary>Builds and starts a domain.</summary>
    /// <param name="nodes">How many nodes.</param>
    /// <param name="registry">Whether the domain has a registry.</param>
    /// <param name="setup">Sets up each node (name, default forwarder).</param>
    /// <returns>The running domain.</returns>
    public static Task<SandboxDomain> BuildAsync(int nodes = 1, bool registry = true, Action<SandboxNodeSetup>? setup = null) =>
        BuildAsync(new SandboxOptions { Nodes = nodes, Registry = registry, NodeSetup = setup });

    /// <summary>Builds and starts a domain: the registry (when asked for), then the nodes.</summary>
    /// <param name="options">How the domain is built.</param>
    /// <returns>The running domain.</returns>
    public static async Task<SandboxDomain> BuildAsync(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var domain = new SandboxDomain(options);
        try
        {
            var registryUrl = domain.NewUrl("registry");
            var registryOptions = options.RegistryOptions;
            if (options.Interdomain)
            {
                var resolver = options.Resolver ?? throw new ArgumentException("an interdomain domain needs a Resolver", nameof(options));
                domain.RegistryProxy = new RestartableServer<ProxyDnsRegistryServer>(
                    domain.NewUrl("registry-proxy-dns"),
                    _ => Task.FromResult(new ProxyDnsRegistryServer(new ProxyDnsRegistryOptions { Resolver = resolver }, domain.ContextOf("registry-proxy-dns"))),
                    r => r.Chains,
                    options.Clock,
                    domain.CredentialsOf("registry-proxy-dns"));
                await domain.RegistryProxy.StartAsync();
                var proxyUrl = domain.NewUrl("nsmgr-proxy");
                var proxyName = $"nsmgr-proxy-{options.DomainName}";
                domain.NsmgrProxy = new RestartableServer<NsmgrProxyServer>(
                    proxyUrl,
                    _ => Task.FromResult(new NsmgrProxyServer(
                        new NsmgrProxyOptions
                        {
                            Name = proxyName,
                            Url = proxyUrl,
                            RegistryUrl = registryUrl,
                            RegistryProxyUrl = domain.RegistryProxy.Url,
                            MapIpFilePath = options.MapIpFilePath,
                        }, domain.ContextOf(proxyName))),
                    p => p.ServerChains,
                    options.Clock,
                    domain.CredentialsOf(proxyName));
                await domain.NsmgrProxy.StartAsync();
                registryOptions = registryOptions with { ProxyRegistryUrl = proxyUrl };
            }

            if (options.Registry)
            {
                domain.Registry = new RestartableServer<MemoryRegistryServer>(
                    registryUrl,
                    _ => Task.FromResult(new MemoryRegistryServer(registryOptions, domain.ContextOf(registryOptions.Name))),
                    r => r.Chains,
                    options.Clock,
                    domain.CredentialsOf(registryOptions.Name));
                await domain.Registry.StartAsync();
            }

            if (options is { DomainName: { } name, Resolver: { } names })
            {
                if (domain.Registry is not null)
                {
                    names.Add(name, DomainServices.Registry, domain.Registry.Url);
                }

                if (domain.NsmgrProxy is not null)
                {
                    names.Add(name, DomainServices.NsmgrProxy, domain.NsmgrProxy.Url);
                }
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
    /// <returns>The running node.</returns>
    public async Task<SandboxNode> AddNodeAsync()
    {
        var s = new SandboxNodeSetup { Index = Nodes.Count };
        Options.NodeSetup?.Invoke(s);
        var node = new SandboxNode(this, s.Index, s.NsmgrName ?? $"nsmgr-{s.Index}");
        Nodes.Add(node);
        await node.Nsmgr.StartAsync();
        if (s.DefaultForwarder)
        {
            await node.NewForwarderAsync(s.ForwarderName ?? $"forwarder-{s.Index}");
        }

        return node;
    }

    /// <summary>The build context of a component: the domain's clock and, unless insecure, the component's mTLS identity.</summary>
    /// <param name="component">The component's name (its SPIFFE ID's last segment).</param>
    /// <param name="lifetime">The component's lifetime.</param>
    /// <returns>The context.</returns>
    public NsmBuildContext ContextOf(string component, CancellationToken lifetime = default) =>
        Identities?.ContextOf(component, lifetime) ?? new NsmBuildContext { TimeProvider = Clock, Lifetime = lifetime };

    /// <summary>The transport a component serves with: its mTLS credentials, or <see langword="null"/> (plaintext) when insecure.</summary>
    /// <param name="component">The component's name.</param>
    /// <returns>The credentials.</returns>
    public NsmTransportCredentials? CredentialsOf(string component) => Identities?.CredentialsOf(component);

    /// <summary>A token generator of a component: ES256 with its SVID, or self-signed when insecure.</summary>
    /// <param name="component">The component's name.</param>
    /// <param name="lifetime">The tokens' lifetime; the default generator's when <see langword="null"/>.</param>
    /// <returns>The generator.</returns>
    public ITokenGenerator TokensOf(string component, TimeSpan? lifetime = null) =>
        Identities?.TokensOf(component, lifetime) ?? SelfSignedTokenGenerator.Create(component, Clock, lifetime);

    /// <summary>A fresh unix socket URL in <see cref="Dir"/>.</summary>
    /// <param name="prefix">The start of the socket's file name.</param>
    /// <returns>The URL.</returns>
    public Uri NewUrl(string prefix) => new("unix://" + Path.Combine(Dir, $"{prefix}_{Interlocked.Increment(ref _next)}.sock"));

    /// <summary>A registry client for the domain: the registry, or the first nsmgr when there is none.</summary>
    /// <returns>The client (no refresh or heal; disposed with the domain).</returns>
    public ServiceRegistryClient NewServiceRegistryClient()
    {
        var client = new ServiceRegistryClient(RegistryOptionsOf(Options.TestIdentity) with
        {
            RegistryUrl = Registry?.Url ?? Nodes[0].Nsmgr.Url,
            RefreshEnabled = false,
            HealEnabled = false,
        });
        Track(client);
        return client;
    }

    /// <summary>An NSE registry client pointed at <paramref name="url"/> (the registry when <see langword="null"/>), no refresh or heal.</summary>
    /// <param name="url">The registry or nsmgr; the domain's registry (or first nsmgr) when <see langword="null"/>.</param>
    /// <param name="identity">Whose identity the client calls with; <see cref="SandboxOptions.TestIdentity"/> when <see langword="null"/>.</param>
    /// <returns>The client (no refresh, heal or retry; disposed with the domain).</returns>
    public EndpointRegistryClient NewEndpointRegistryClient(Uri? url = null, string? identity = null) =>
        Track(new EndpointRegistryClient(RegistryOptionsOf(identity ?? Options.TestIdentity) with
        {
            RegistryUrl = url ?? Registry?.Url ?? Nodes[0].Nsmgr.Url,
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        }));

    /// <summary>
    /// The registry client options of a component (e.g. the test itself, <see cref="SandboxOptions.TestIdentity"/>): its
    /// tokens and, unless insecure, its mTLS identity.
    /// </summary>
    /// <param name="component">The component's name.</param>
    /// <returns>The options; set the URL and the rest with <c>with</c>.</returns>
    public RegistryClientOptions RegistryOptionsOf(string component) =>
        RegistryClientOptions.For(ContextOf(component), TokensOf(component));

    /// <summary>Registers a network service with the domain's registry (or first nsmgr).</summary>
    /// <param name="name">The service name.</param>
    /// <param name="configure">Sets more of the record (payload, matches); nothing when <see langword="null"/>.</param>
    /// <returns>The registered record.</returns>
    public async Task<NetworkService> RegisterServiceAsync(string name, Action<NetworkService>? configure = null)
    {
        var ns = new NetworkService { Name = name };
        configure?.Invoke(ns);
        return await NewServiceRegistryClient().RegisterAsync(ns, new NsmContext(Clock)).AsTask().WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    /// <summary>The NSEs named <paramref name="name"/> that the registry (or the given nsmgr) knows.</summary>
    /// <param name="name">The NSE name.</param>
    /// <param name="url">The registry or nsmgr to ask; the domain's registry (or first nsmgr) when <see langword="null"/>.</param>
    /// <returns>The records found.</returns>
    public async Task<IReadOnlyList<NetworkServiceEndpoint>> FindEndpointsAsync(string name, Uri? url = null)
    {
        var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = name } };
        return await NewEndpointRegistryClient(url)
            .FindListAsync(query, new NsmContext(Clock), (NetworkServiceEndpointResponse r) => (r.NetworkServiceEndpoint, r.Deleted))
            .WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    /// <summary>Disposes <paramref name="disposable"/> with the domain: after the NSCs and nodes, before the registry, last tracked first.</summary>
    /// <typeparam name="T">Its type.</typeparam>
    /// <param name="disposable">What to dispose.</param>
    /// <returns><paramref name="disposable"/>.</returns>
    public T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    /// <summary>Asserts that no component still holds a connection (monitor state) and that everything can be shut down.</summary>
    /// <returns>A task that completes when no connection is left.</returns>
    /// <exception cref="TimeoutException">Some component still holds a connection after 10 s.</exception>
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

    /// <summary>Stops everything (NSCs, nodes, tracked objects, the registry) and deletes <see cref="Dir"/>.</summary>
    /// <returns>A task that completes when the domain is gone.</returns>
    /// <exception cref="InvalidOperationException">Some socket file was left behind.</exception>
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

        if (NsmgrProxy is not null)
        {
            await NsmgrProxy.DisposeAsync();
        }

        if (RegistryProxy is not null)
        {
            await RegistryProxy.DisposeAsync();
        }

        Identities?.Dispose();

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
    /// <summary>Gets how many nodes the domain starts with.</summary>
    /// <value>The default is 1.</value>
    public int Nodes { get; init; } = 1;

    /// <summary>Gets a value indicating whether the domain has a registry.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Registry { get; init; } = true;

    /// <summary>Gets what sets up each node (name, default forwarder).</summary>
    /// <value>The default is <see langword="null"/>: the defaults of <see cref="SandboxNodeSetup"/>.</value>
    public Action<SandboxNodeSetup>? NodeSetup { get; init; }

    /// <summary>Gets the registry's options.</summary>
    /// <value>The default is the defaults of <see cref="MemoryRegistryOptions"/>.</value>
    public MemoryRegistryOptions RegistryOptions { get; init; } = new();

    /// <summary>Gets the domain's name for interdomain scenarios: with <see cref="Resolver"/>, the domain adds its registry (and proxy) there.</summary>
    /// <value>The default is <see langword="null"/>: a domain others cannot reach.</value>
    public string? DomainName { get; init; }

    /// <summary>Gets the resolver shared by the domains of an interdomain scenario.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SandboxDomainResolver? Resolver { get; init; }

    /// <summary>Gets a value indicating whether the domain runs an nsmgr-proxy and a registry-proxy-dns (needs <see cref="Resolver"/>), with its registry sending interdomain names to the nsmgr-proxy.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Interdomain { get; init; }

    /// <summary>Gets the nsmgr-proxy's internal → external IP map (<c>map-ip.yaml</c>, <see cref="NsmgrProxyOptions.MapIpFilePath"/>), with <see cref="Interdomain"/>.</summary>
    /// <value>The default is <see langword="null"/>: no swapip.</value>
    public string? MapIpFilePath { get; init; }

    /// <summary>
    /// Gets the cluster config file (<c>nsm.yaml</c>, the guide's <c>nsm-config</c>) every nsmgr of the domain reads;
    /// its <c>registry.url</c> names another cluster's registry whose services the domain finds too.
    /// </summary>
    public string? ClusterConfigPath { get; init; }

    /// <summary>The trust domain of a sandbox CA the domain creates itself.</summary>
    public const string DefaultTrustDomain = "sandbox.nsm";

    /// <summary>
    /// Gets a value indicating whether the domain is plaintext with self-signed tokens and no policy checks (as the
    /// programs with <c>NSM_INSECURE=true</c>): only for tests that speak raw gRPC without certificates.
    /// </summary>
    /// <value>The default is <see langword="false"/>: mTLS, SVID-signed tokens and upstream's default policies.</value>
    public bool Insecure { get; init; }

    /// <summary>
    /// Gets the CA that issues the components' SVIDs; share one across the domains of a test so that they trust each
    /// other (as federated SPIRE servers would). The caller owns it.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the domain creates (and disposes) its own on <see cref="Clock"/>.</value>
    public DevCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary>Gets how long each component's SVID is valid (from when the component first needs it).</summary>
    /// <value>The default is 30 days, so that advancing a fake clock by hours does not expire identities.</value>
    public TimeSpan SvidLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Gets the name of the identity the test's own registry clients (<see cref="SandboxDomain.RegisterServiceAsync"/>, ...) use.</summary>
    /// <value>The default is <c>test</c>.</value>
    public string TestIdentity { get; init; } = "test";

    /// <summary>Gets the clock of every component (servers, chains, tokens): a FakeTimeProvider makes expiry and refresh testable.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>How a node is set up.</summary>
public sealed class SandboxNodeSetup
{
    /// <summary>Gets the node's index in the domain.</summary>
    public int Index { get; init; }

    /// <summary>Gets or sets the nsmgr's name.</summary>
    /// <value>The default is <see langword="null"/>: <c>nsmgr-{index}</c>.</value>
    public string? NsmgrName { get; set; }

    /// <summary>Gets or sets a value indicating whether the node starts one forwarder, <c>forwarder-{index}</c>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DefaultForwarder { get; set; } = true;

    /// <summary>Gets or sets the default forwarder's name.</summary>
    /// <value>The default is <see langword="null"/>: <c>forwarder-{index}</c>.</value>
    public string? ForwarderName { get; set; }
}
