using Nsm.Sdk.Authorization;
using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.ClientInfo;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.DiscoverForwarder;
using Nsm.Sdk.Common.ExcludedPrefixes;
using Nsm.Sdk.Common.Mechanisms.FdPassing;
using Nsm.Sdk.Common.NamespaceAccess;
using Nsm.Sdk.Common.NetworkServiceMonitor;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.ClientInfo;
using Nsm.Sdk.Registry.Common.Connect;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Registry.Common.FdPassing;
using Nsm.Sdk.Registry.Common.Federation;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.LocalBypass;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Common.Mirror;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Registry.Memory;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Nsmgr;

/// <summary>
/// The Network Service Manager: the per-node hub NSCs request connections from and NSEs and forwarders register
/// through. It serves NetworkService, MonitorConnection and both registry services.
/// </summary>
/// <remarks>
/// NetworkService chain: the endpoint chain named after the nsmgr, then clientinfo (node/pod/cluster labels),
/// discoverforwarder (choose a local forwarder, sticky), netsvcmonitor (close connections whose NSE no longer
/// matches), excludedprefixes and connect to a client chain without refresh or heal.
/// NSE registry chain: grpcmetadata, updatepath, authorize, begin, clientinfo, expire, then either localbypass and a
/// connection to the remote registry, or (in-memory mode) localbypass (when the nsmgr has a public URL) and memory.
/// NS registry chain: grpcmetadata, updatepath, authorize, then memory or the remote registry.
/// </remarks>
public sealed class NsmgrServer : INetworkServiceServer, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime;
    private readonly NsmEndpoint _endpoint;
    private readonly List<object> _owned = [];

    /// <summary>Initializes the nsmgr.</summary>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context; disposing the nsmgr also ends its lifetime for the chains.</param>
    public NsmgrServer(NsmgrOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        context ??= NsmBuildContext.Default;
        Options = options;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.Lifetime);
        var inner = context with { Lifetime = _lifetime.Token };
        var generator = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);

        var federation = options.ClusterConfigPath is { } configPath ? RegistryFederation.FromConfigFile(configPath, context.CreateLogger("Nsm.Sdk.Registry.Federation"))
            : options.FederatedRegistryUrl is { } federated ? () => federated
            : null;
        var federate = federation is null ? null : Own(new RegistryFederation(federation, url => RemoteOptions(url, options, generator, context), options.FederationTimeout));

        // Registry: NS side.
        INetworkServiceRegistryServer nsStorage;
        if (options.RegistryUrl is { } registryUrl)
        {
            var remoteNs = Own(new ServiceRegistryClient(RemoteOptions(registryUrl, options, generator, context)));
            nsStorage = options.RegistryMirror
                ? new NetworkServiceRegistryServerChain(Own(new MirrorNsRegistry(remoteNs, context: inner)), new ConnectNsServer(remoteNs))
                : new ConnectNsServer(remoteNs);
        }
        else
        {
            var store = Own(new NetworkServiceStore(new RegistryStoreOptions { TimeProvider = context.TimeProvider }));
            nsStorage = new MemoryNsServer(store);
        }

        if (federate is not null)
        {
            nsStorage = new NetworkServiceRegistryServerChain(new FederationNsServer(federate), nsStorage);
        }

        ServiceRegistry = new NetworkServiceRegistryServerChain(
            new GrpcMetadataNsServer(),
            new UpdatePathNsServer(generator),
            new AuthorizeNsServer(AuthorizeRegistryOptions.With(context.Policies(DefaultAuthorizationPolicies.ServiceRegistryServer))),
            nsStorage);

        // Registry: NSE side; remoteOrLocal is what discoverforwarder and netsvcmonitor query.
        INetworkServiceEndpointRegistryServer remoteOrLocal;
        if (options.RegistryUrl is { } url)
        {
            var remoteNse = Own(new EndpointRegistryClient(RemoteOptions(url, options, generator, context)));
            INetworkServiceEndpointRegistryServer connect = options.RegistryMirror
                ? new NetworkServiceEndpointRegistryServerChain(Own(new MirrorNseRegistry(remoteNse, context: inner)), new ConnectNseServer(remoteNse))
                : new ConnectNseServer(remoteNse);
            remoteOrLocal = options.Url is { } self
                ? new NetworkServiceEndpointRegistryServerChain(new LocalBypassNseServer(self), connect)
                : connect;
        }
        else
        {
            var store = Own(new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = context.TimeProvider }));
            remoteOrLocal = options.Url is { } self
                ? new NetworkServiceEndpointRegistryServerChain(new LocalBypassNseServer(self), new MemoryNseServer(store))
                : new MemoryNseServer(store);
        }

        if (federate is not null)
        {
            remoteOrLocal = new NetworkServiceEndpointRegistryServerChain(new FederationNseServer(federate), remoteOrLocal);
        }

        var expire = Own(new ExpireNseServer(new ExpireOptions { DefaultExpiration = options.DefaultExpiration }));
        EndpointRegistry = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(),
            new UpdatePathNseServer(generator),
            new AuthorizeNseServer(AuthorizeRegistryOptions.With(context.Policies(DefaultAuthorizationPolicies.RegistryServer))),
            Own(new BeginNseServer()),
            new ClientInfoNseRegistry(),
            expire,
            Own(new RecvFdNseServer()),
            remoteOrLocal);

        var nsClient = ServiceRegistry.AsClient();
        var nseClient = remoteOrLocal.AsClient();
        var excluded = Own(new ExcludedPrefixesServer(new ExcludedPrefixesServerOptions { ConfigPath = options.ExcludedPrefixesConfigPath }));
        Client = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            TokenGenerator = generator,
            Refresh = false,
            DialTimeout = options.DialTimeout,
        }, inner);
        _endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            TokenGenerator = generator,
            AdditionalFunctionality =
            [
                new RecvFdServer(),
                new NamespaceAccessServer(options.NamespaceAccess),
                new ClientInfoClient().AsServer(),
                new DiscoverForwarderServer(nsClient, nseClient, new DiscoverForwarderOptions { ForwarderServiceName = options.ForwarderServiceName, NsmgrUrl = options.Url }),
                new NetworkServiceMonitorServer(nsClient, nseClient, inner),
                excluded,
                new ConnectServer(Client),
            ],
        }, inner);
    }

    /// <summary>Gets the options.</summary>
    public NsmgrOptions Options { get; }

    /// <summary>Gets the nsmgr name.</summary>
    public string Name => Options.Name;

    /// <summary>Gets the NetworkServiceEndpoint registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointRegistry { get; }

    /// <summary>Gets the NetworkService registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceRegistry { get; }

    /// <summary>Gets the hub of connection events of the nsmgr's connections.</summary>
    public Common.Monitor.ConnectionMonitor Monitor => _endpoint.Monitor;

    /// <summary>Gets the client chain the nsmgr uses towards forwarders.</summary>
    public NsmClient Client { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting): NetworkService, MonitorConnection and both registries.</summary>
    public NsmServerChains ServerChains => new()
    {
        NetworkService = this,
        MonitorConnection = _endpoint.MonitorConnectionServer,
        EndpointRegistry = EndpointRegistry,
        ServiceRegistry = ServiceRegistry,
    };

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _endpoint.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _endpoint.CloseAsync(connection, context, next);

    /// <summary>Stops background work (expiry, watches, dialed connections) and releases the registries.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            switch (_owned[i])
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }

        _lifetime.Dispose();
    }

    // Registrations forwarded to the registry carry the nsmgr's token and the path its server half advanced (wire spec §4.3).
    private static RegistryClientOptions RemoteOptions(Uri registryUrl, NsmgrOptions options, ITokenGenerator generator, NsmBuildContext context) => RegistryClientOptions.For(context, generator) with
    {
        RegistryUrl = registryUrl,
        DialTimeout = options.DialTimeout,
        RefreshEnabled = false,
        HealEnabled = false,
        RetryEnabled = false,
    };

    private T Own<T>(T item)
        where T : notnull
    {
        _owned.Add(item);
        return item;
    }
}
