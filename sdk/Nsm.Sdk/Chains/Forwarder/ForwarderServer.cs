using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Common.Mechanisms.FdPassing;
using Nsm.Sdk.Common.NamespaceAccess;
using Nsm.Sdk.Common.RoundRobin;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.FdPassing;
using Nsm.Sdk.Registry.Common.Mirror;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Forwarder;

/// <summary>
/// The generic forwarder composition: the endpoint chain, discover and roundrobin (choose the NSE or the remote
/// nsmgr), the data-plane server elements, and connect to a client chain with mechanismtranslation and the
/// data-plane client elements (no refresh, no heal). It registers itself through its nsmgr.
/// </summary>
public sealed class ForwarderServer : INetworkServiceServer, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime;
    private readonly TimeProvider _clock;
    private readonly NsmEndpoint _endpoint;
    private readonly ServiceRegistryClient _services;
    private readonly EndpointRegistryClient _endpoints;
    private readonly EndpointRegistryClient _registration;
    private readonly RecvFdNseClient _nseSockets = new();
    private readonly MirrorNsRegistry? _servicesMirror;
    private readonly MirrorNseRegistry? _endpointsMirror;

    /// <summary>Initializes the forwarder.</summary>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context; disposing the forwarder also ends its lifetime for the chains.</param>
    public ForwarderServer(ForwarderOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var nsmgrUrl = options.NsmgrUrl!;
        context ??= NsmBuildContext.Default;
        Options = options;
        _clock = context.TimeProvider;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.Lifetime);
        var inner = context with { Lifetime = _lifetime.Token };
        var generator = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);
        var lookup = RegistryClientOptions.For(context, generator) with
        {
            RegistryUrl = nsmgrUrl,
            DialTimeout = options.RegistryDialTimeout,
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        };
        _services = new ServiceRegistryClient(lookup);
        _endpoints = new EndpointRegistryClient(lookup with { EndpointAdditionalFunctionality = [_nseSockets] });
        _registration = new EndpointRegistryClient(RegistryClientOptions.For(context, generator) with { RegistryUrl = nsmgrUrl, DialTimeout = options.RegistryDialTimeout });
        INetworkServiceRegistryClient services = _services;
        INetworkServiceEndpointRegistryClient endpoints = _endpoints;
        if (options.RegistryMirror)
        {
            _servicesMirror = new MirrorNsRegistry(_services, context: inner);
            _endpointsMirror = new MirrorNseRegistry(_endpoints, context: inner);
            services = new NetworkServiceRegistryClientChain(_servicesMirror, _services);
            endpoints = new NetworkServiceEndpointRegistryClientChain(_endpointsMirror, _endpoints);
        }

        Client = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            TokenGenerator = generator,
            Refresh = false,
            DialTimeout = options.DialTimeout,
            AdditionalFunctionality = [new MechanismTranslationClient(), .. options.AdditionalClientFunctionality],
        }, inner);
        _endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            TokenGenerator = generator,
            AdditionalFunctionality =
            [
                new RecvFdServer(),
                new NamespaceAccessServer(options.NamespaceAccess),
                new DiscoverServer(services, endpoints),
                new RoundRobinServer(UnreachableEndpoints),
                .. options.AdditionalServerFunctionality,
                new ConnectServer(Client),
            ],
        }, inner);
    }

    /// <summary>Gets the options.</summary>
    public ForwarderOptions Options { get; }

    /// <summary>Gets the forwarder name.</summary>
    public string Name => Options.Name;

    /// <summary>Gets the memory of endpoints (or remote nsmgrs) that could not be dialed: they are tried last.</summary>
    public Common.Dial.UnreachableCandidates UnreachableEndpoints { get; } = new();

    /// <summary>Gets the client chain towards the next hop.</summary>
    public NsmClient Client { get; }

    /// <summary>Gets the hub of connection events of the forwarder's connections.</summary>
    public Common.Monitor.ConnectionMonitor Monitor => _endpoint.Monitor;

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains ServerChains => _endpoint.ServerChains with { NetworkService = this };

    /// <summary>Gets the registration the nsmgr returned, once <see cref="RegisterAsync"/> succeeded.</summary>
    public NetworkServiceEndpoint? Registration { get; private set; }

    /// <summary>Registers the forwarder through its nsmgr (the registration is refreshed until disposal or <see cref="UnregisterAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the registration.</param>
    /// <returns>The registered record.</returns>
    public async Task<NetworkServiceEndpoint> RegisterAsync(CancellationToken cancellationToken = default)
    {
        var url = Options.Url ?? throw new InvalidOperationException("the forwarder URL is required to register");
        var nse = EndpointRecord.Create(Options.Name, url.ToString(), [Options.ServiceName], Options.Labels);
        Registration = await _registration.RegisterAsync(nse, new NsmContext(_clock, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Registration;
    }

    /// <summary>Unregisters the forwarder.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the forwarder is unregistered.</returns>
    public async Task UnregisterAsync(CancellationToken cancellationToken = default)
    {
        if (Registration is { } registration)
        {
            await _registration.UnregisterAsync(registration, new NsmContext(_clock, cancellationToken: cancellationToken)).ConfigureAwait(false);
            Registration = null;
        }
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _endpoint.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _endpoint.CloseAsync(connection, context, next);

    /// <summary>Stops background work; the registration is left to expire (as when the process dies).</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_servicesMirror is not null)
        {
            await _servicesMirror.DisposeAsync().ConfigureAwait(false);
        }

        if (_endpointsMirror is not null)
        {
            await _endpointsMirror.DisposeAsync().ConfigureAwait(false);
        }

        await _registration.DisposeAsync().ConfigureAwait(false);
        await _endpoints.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
        _nseSockets.Dispose();
        _lifetime.Dispose();
    }
}
