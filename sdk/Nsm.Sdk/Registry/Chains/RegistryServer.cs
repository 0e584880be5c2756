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
using Nsm.Sdk.Registry.Common.SetPayload;
using Nsm.Sdk.Registry.Common.SetRegistrationTime;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>
/// The registry server chains of upstream's <c>chains/memory</c> and sdk-k8s' <c>chains/registryk8s</c> over any
/// storage: the in-memory stores (<see cref="MemoryRegistryServer"/>) or custom resources (cmd/registry-k8s).
/// </summary>
/// <remarks>
/// NSE chain: grpcmetadata → updatepath → authorize → begin → (interdomain → proxy registry) → logregistrations →
/// setregistrationtime → expire (<see cref="MemoryRegistryOptions.DefaultExpiration"/>) → the NSE storage.
/// NS chain: grpcmetadata → updatepath → authorize → (interdomain → proxy registry) → setpayload (<c>IP</c>) → the NS storage.
/// </remarks>
public sealed class RegistryServer : IDisposable, IAsyncDisposable
{
    private readonly BeginNseServer _begin = new();
    private readonly ExpireNseServer _expire;
    private readonly EndpointRegistryClient? _proxyEndpoints;
    private readonly ServiceRegistryClient? _proxyServices;

    /// <summary>Builds the chains.</summary>
    /// <param name="options">The settings (name, expiry, proxy registry, tokens, policies).</param>
    /// <param name="context">The build context: clock, security.</param>
    /// <param name="endpointStorage">The last element of the NSE chain: where records are kept and found.</param>
    /// <param name="serviceStorage">The last element of the NS chain.</param>
    public RegistryServer(MemoryRegistryOptions options, NsmBuildContext context, INetworkServiceEndpointRegistryServer endpointStorage, INetworkServiceRegistryServer serviceStorage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpointStorage);
        ArgumentNullException.ThrowIfNull(serviceStorage);
        options.Validate();
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
            endpointStorage);
        ServiceChain = new NetworkServiceRegistryServerChain(
            new GrpcMetadataNsServer(),
            new UpdatePathNsServer(TokenGenerator),
            new AuthorizeNsServer(AuthorizeRegistryOptions.With(servicePolicies)),
            serviceSwitch,
            new SetPayloadNsServer(),
            serviceStorage);
    }

    /// <summary>Gets the generator of the registry's own path tokens.</summary>
    public ITokenGenerator TokenGenerator { get; }

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointChain { get; }

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceChain { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains Chains => new() { EndpointRegistry = EndpointChain, ServiceRegistry = ServiceChain };

    /// <summary>Gets the number of pending expiry timers (for leak checks).</summary>
    public int PendingExpiries => _expire.Count;

    /// <summary>Stops the expiry timers and ends every begin.</summary>
    public void Dispose()
    {
        _expire.Dispose();
        _begin.Dispose();
    }

    /// <summary>Stops the timers and closes the connections to the proxy registry.</summary>
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
