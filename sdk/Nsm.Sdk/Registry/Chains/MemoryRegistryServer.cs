using Nsm.Sdk.Authorization;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Registry.Common.Interdomain;
using Nsm.Sdk.Registry.Common.Null;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.LogRegistrations;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Common.SetPayload;
using Nsm.Sdk.Registry.Common.SetRegistrationTime;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Registry.Memory;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>
/// The in-memory registry (upstream <c>chains/memory</c>, served by cmd-registry-memory): both registry server chains
/// over in-memory stores, with the stores and timers they own.
/// </summary>
/// <remarks>
/// NSE chain: grpcmetadata → updatepath → authorize → begin → logregistrations (each endpoint learnt and forgotten at
/// Information) → setregistrationtime → expire (<see cref="MemoryRegistryOptions.DefaultExpiration"/>) → memory.
/// NS chain: grpcmetadata → updatepath → authorize → setpayload (<c>IP</c>) → memory.
/// As upstream, every Register and Unregister answers with the <c>path</c> response header (wire spec §4.3) when the
/// caller sent one, and the stored record's <c>path_ids</c> end with the registry's own SPIFFE ID. Expiry-driven
/// unregistrations start below authorize. With <see cref="MemoryRegistryOptions.ProxyRegistryUrl"/>, records and
/// queries that name another domain (<c>name@domain</c>) go to that proxy registry (the nsmgr-proxy) right after begin
/// (NSE) or authorize (NS) instead of the local store, as upstream's switchcase.
/// </remarks>
public sealed class MemoryRegistryServer : IDisposable, IAsyncDisposable
{
    private readonly BeginNseServer _begin = new();
    private readonly ExpireNseServer _expire;
    private readonly EndpointRegistryClient? _proxyEndpoints;
    private readonly ServiceRegistryClient? _proxyServices;

    /// <summary>Builds the chains.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="context">The build context: the clock of the stores and timers.</param>
    public MemoryRegistryServer(MemoryRegistryOptions? options = null, NsmBuildContext? context = null)
    {
        options ??= new MemoryRegistryOptions();
        options.Validate();
        context ??= NsmBuildContext.Default;
        var storeOptions = new RegistryStoreOptions { TimeProvider = context.TimeProvider };
        EndpointStore = new NetworkServiceEndpointStore(storeOptions);
        ServiceStore = new NetworkServiceStore(storeOptions);
        _expire = new ExpireNseServer(new ExpireOptions { DefaultExpiration = options.DefaultExpiration });
        TokenGenerator = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);
        var policies = options.Policies ?? context.Policies(DefaultAuthorizationPolicies.RegistryServer);
        var servicePolicies = options.Policies ?? context.Policies(DefaultAuthorizationPolicies.ServiceRegistryServer);
        INetworkServiceEndpointRegistryServer endpointSwitch = new NullNseRegistry();
        INetworkServiceRegistryServer serviceSwitch = new NullNsRegistry();
        if (options.ProxyRegistryUrl is { } proxy)
        {
            var proxyOptions = RegistryClientOptions.For(context, TokenGenerator) with
            {
                RegistryUrl = proxy,
                RefreshEnabled = false,
                HealEnabled = false,
                RetryEnabled = false,
            };
            _proxyEndpoints = new EndpointRegistryClient(proxyOptions);
            _proxyServices = new ServiceRegistryClient(proxyOptions);
            endpointSwitch = new ProxyInterdomainNseServer(_proxyEndpoints);
            serviceSwitch = new ProxyInterdomainNsServer(_proxyServices);
        }

        EndpointChain = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(),
            new UpdatePathNseServer(TokenGenerator),
            new AuthorizeNseServer(AuthorizeRegistryOptions.With(policies)),
            _begin,
            endpointSwitch,
            new LogRegistrationsNseServer(),
            new SetRegistrationTimeNseServer(),
            _expire,
            new MemoryNseServer(EndpointStore));
        ServiceChain = new NetworkServiceRegistryServerChain(
            new GrpcMetadataNsServer(),
            new UpdatePathNsServer(TokenGenerator),
            new AuthorizeNsServer(AuthorizeRegistryOptions.With(servicePolicies)),
            serviceSwitch,
            new SetPayloadNsServer(),
            new MemoryNsServer(ServiceStore));
    }

    /// <summary>Gets the generator of the registry's own path tokens.</summary>
    public ITokenGenerator TokenGenerator { get; }

    /// <summary>Gets the NSE store.</summary>
    public NetworkServiceEndpointStore EndpointStore { get; }

    /// <summary>Gets the NS store.</summary>
    public NetworkServiceStore ServiceStore { get; }

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointChain { get; }

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceChain { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains Chains => new() { EndpointRegistry = EndpointChain, ServiceRegistry = ServiceChain };

    /// <summary>Gets the number of pending expiry timers (for leak checks).</summary>
    public int PendingExpiries => _expire.Count;

    /// <summary>Stops the timers and ends every watch.</summary>
    public void Dispose()
    {
        _expire.Dispose();
        _begin.Dispose();
        EndpointStore.Dispose();
        ServiceStore.Dispose();
    }

    /// <summary>Stops the timers, ends every watch and closes the connections to the proxy registry.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_proxyEndpoints is not null)
        {
            await _proxyEndpoints.DisposeAsync().ConfigureAwait(false);
        }

        if (_proxyServices is not null)
        {
            await _proxyServices.DisposeAsync().ConfigureAwait(false);
        }

        Dispose();
    }
}
