using Nsm.Sdk.Authorization;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Connect;
using Nsm.Sdk.Registry.Common.DnsResolve;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>
/// The interdomain registry proxy (upstream <c>chains/proxydns</c>, served by cmd-registry-proxy-dns): stateless; every
/// call for <c>name@domain</c> goes to that domain's registry with the names in that domain's own form, and the answers
/// come back with <c>@domain</c> and, for endpoints, the URL of that domain's nsmgr-proxy.
/// </summary>
/// <remarks>
/// NSE chain: grpcmetadata → updatepath → authorize → begin → dnsresolve → connect. NS chain: grpcmetadata →
/// updatepath → authorize → dnsresolve → connect.
/// </remarks>
public sealed class ProxyDnsRegistryServer : IAsyncDisposable
{
    private readonly BeginNseServer _begin = new();
    private readonly EndpointRegistryClient _endpoints;
    private readonly ServiceRegistryClient _services;

    /// <summary>Builds the chains.</summary>
    /// <param name="options">The settings (a resolver is required).</param>
    /// <param name="context">The build context.</param>
    public ProxyDnsRegistryServer(ProxyDnsRegistryOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        context ??= NsmBuildContext.Default;
        var tokens = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);
        var policies = options.Policies ?? context.Policies(DefaultAuthorizationPolicies.RegistryServer);
        var servicePolicies = options.Policies ?? context.Policies(DefaultAuthorizationPolicies.ServiceRegistryServer);
        _endpoints = new EndpointRegistryClient(options.ToClientOptions(tokens, context));
        _services = new ServiceRegistryClient(options.ToClientOptions(tokens, context));
        EndpointChain = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(),
            new UpdatePathNseServer(tokens),
            new AuthorizeNseServer(AuthorizeRegistryOptions.With(policies)),
            _begin,
            new DnsResolveNseServer(options.Resolver!),
            new ConnectNseServer(_endpoints));
        ServiceChain = new NetworkServiceRegistryServerChain(
            new GrpcMetadataNsServer(),
            new UpdatePathNsServer(tokens),
            new AuthorizeNsServer(AuthorizeRegistryOptions.With(servicePolicies)),
            new DnsResolveNsServer(options.Resolver!),
            new ConnectNsServer(_services));
    }

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointChain { get; }

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceChain { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains Chains => new() { EndpointRegistry = EndpointChain, ServiceRegistry = ServiceChain };

    /// <summary>Closes the connections to other domains' registries.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _begin.Dispose();
        await _endpoints.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
