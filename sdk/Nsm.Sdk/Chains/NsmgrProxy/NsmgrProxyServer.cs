using Nsm.Sdk.Authorization;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Common.InterdomainBypass;
using Nsm.Sdk.Common.RoundRobin;
using Nsm.Sdk.Common.SwapIp;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.ClientUrl;
using Nsm.Sdk.Registry.Common.Connect;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.Interdomain;
using Nsm.Sdk.Registry.Common.Null;
using Nsm.Sdk.Registry.Common.SwapIp;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.NsmgrProxy;

/// <summary>
/// The interdomain nsmgr proxy (upstream <c>chains/nsmgrproxy</c>, served by cmd-nsmgr-proxy): the one door of a
/// domain for Requests and registrations that cross domains. Endpoints advertised through it carry its URL; a Request
/// for one of them goes on to where it really is (another domain's proxy, or a local nsmgr for a floating
/// registration); any other Request is for this domain and is discovered in its registry.
/// </summary>
/// <remarks>
/// NetworkService chain: the endpoint chain, interdomainbypass, discover (this domain's registry), roundrobin, swapip,
/// connect (no refresh, swapip client). NSE registry chain: grpcmetadata → updatepath → authorize → begin →
/// clienturl(registry proxy) → interdomainbypass → swapip → connect. NS registry chain: grpcmetadata → updatepath →
/// authorize → connect(registry proxy). The swapip elements are there with <see cref="NsmgrProxyOptions.MapIpFilePath"/>.
/// </remarks>
public sealed class NsmgrProxyServer : INetworkServiceServer, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime;
    private readonly NsmEndpoint _endpoint;
    private readonly BeginNseServer _begin = new();
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Builds the proxy.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="context">The build context; disposing the proxy also ends its lifetime for the chains.</param>
    public NsmgrProxyServer(NsmgrProxyOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        context ??= NsmBuildContext.Default;
        Options = options;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.Lifetime);
        var inner = context with { Lifetime = _lifetime.Token };
        var tokens = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);

        RegistryClientOptions To(Uri? url) => RegistryClientOptions.For(context, tokens) with
        {
            RegistryUrl = url,
            DialTimeout = options.DialTimeout,
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        };

        var ipMap = options.MapIpFilePath is { } mapPath ? new IpMapFile(mapPath, context.CreateLogger("Nsm.Sdk.SwapIp")) : null;
        var proxyEndpoints = Own(new EndpointRegistryClient(To(null)));
        var proxyServices = Own(new ServiceRegistryClient(To(options.RegistryProxyUrl)));
        EndpointRegistry = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(),
            new UpdatePathNseServer(tokens),
            new AuthorizeNseServer(AuthorizeRegistryOptions.With(context.Policies(DefaultAuthorizationPolicies.RegistryServer))),
            _begin,
            new ClientUrlNseRegistry(options.RegistryProxyUrl!),
            new InterdomainBypassNseServer(Urls, options.Url!),
            ipMap is null ? new NullNseRegistry() : new SwapIpNseServer(ipMap.Current),
            new ConnectNseServer(proxyEndpoints));
        ServiceRegistry = new NetworkServiceRegistryServerChain(
            new GrpcMetadataNsServer(),
            new UpdatePathNsServer(tokens),
            new AuthorizeNsServer(AuthorizeRegistryOptions.With(context.Policies(DefaultAuthorizationPolicies.ServiceRegistryServer))),
            new ConnectNsServer(proxyServices));

        var localServices = Own(new ServiceRegistryClient(To(options.RegistryUrl)));
        var localEndpoints = Own(new EndpointRegistryClient(To(options.RegistryUrl)));
        Client = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            TokenGenerator = tokens,
            Refresh = false,
            DialTimeout = options.DialTimeout,
            AdditionalFunctionality = ipMap is null ? [] : [new SwapIpClient(ipMap.Current)],
        }, inner);
        _endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            TokenGenerator = tokens,
            AdditionalFunctionality =
            [
                new InterdomainBypassServer(Urls),
                new DiscoverServer(localServices, localEndpoints),
                new RoundRobinServer(),
                .. ipMap is null ? Array.Empty<INetworkServiceServer>() : [new SwapIpServer(ipMap.Current)],
                new ConnectServer(Client),
            ],
        }, inner);
    }

    /// <summary>Gets the options.</summary>
    public NsmgrProxyOptions Options { get; }

    /// <summary>Gets where each endpoint advertised through the proxy really is.</summary>
    public InterdomainUrls Urls { get; } = new();

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointRegistry { get; }

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceRegistry { get; }

    /// <summary>Gets the client chain the proxy sends Requests on with.</summary>
    public NsmClient Client { get; }

    /// <summary>Gets the hub of connection events of the proxy's connections.</summary>
    public Common.Monitor.ConnectionMonitor Monitor => _endpoint.Monitor;

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

    /// <summary>Stops background work and closes the proxy's connections.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _begin.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }

        _lifetime.Dispose();
    }

    private T Own<T>(T item)
        where T : IAsyncDisposable
    {
        _owned.Add(item);
        return item;
    }
}
