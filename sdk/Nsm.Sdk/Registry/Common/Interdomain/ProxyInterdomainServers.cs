using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.DnsResolve;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;
using NsHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkService, Nsm.Api.Registry.NetworkServiceQuery, Nsm.Api.Registry.NetworkServiceResponse>;

namespace Nsm.Sdk.Registry.Common.Interdomain;

/// <summary>
/// A registry's interdomain switch (upstream memory/registry-k8s <c>switchcase</c>): records and queries that name
/// another domain (<c>name@domain</c>, or a <c>service@domain</c>) go to the proxy registry client instead of the rest of
/// the chain (the local store); everything else goes on.
/// </summary>
/// <param name="proxy">The client chain to the interdomain proxy (<c>NSM_PROXY_REGISTRY_URL</c>).</param>
public sealed class ProxyInterdomainNseServer(INetworkServiceEndpointRegistryClient proxy) : INetworkServiceEndpointRegistryServer
{
    private readonly INetworkServiceEndpointRegistryClient _proxy = proxy ?? throw new ArgumentNullException(nameof(proxy));

    /// <inheritdoc />
    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        return DomainRewrite.DomainOf(item).Length > 0 ? _proxy.RegisterAsync(item, context, NseHandler.Tail) : next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(next);
        return query.NetworkServiceEndpoint is { } nse && DomainRewrite.DomainOf(nse).Length > 0
            ? _proxy.FindAsync(query, stream, context, NseHandler.Tail)
            : next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        return DomainRewrite.DomainOf(item).Length > 0 ? _proxy.UnregisterAsync(item, context, NseHandler.Tail) : next.UnregisterAsync(item, context);
    }
}

/// <summary>The NS half of the interdomain switch: <c>service@domain</c> goes to the proxy registry client.</summary>
/// <param name="proxy">The client chain to the interdomain proxy.</param>
public sealed class ProxyInterdomainNsServer(INetworkServiceRegistryClient proxy) : INetworkServiceRegistryServer
{
    private readonly INetworkServiceRegistryClient _proxy = proxy ?? throw new ArgumentNullException(nameof(proxy));

    /// <inheritdoc />
    public ValueTask<NetworkService> RegisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        return InterdomainName.IsInterdomain(item.Name) ? _proxy.RegisterAsync(item, context, NsHandler.Tail) : next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceQuery query, IAsyncStreamWriter<NetworkServiceResponse> stream, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(next);
        return InterdomainName.IsInterdomain(query.NetworkService?.Name)
            ? _proxy.FindAsync(query, stream, context, NsHandler.Tail)
            : next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        return InterdomainName.IsInterdomain(item.Name) ? _proxy.UnregisterAsync(item, context, NsHandler.Tail) : next.UnregisterAsync(item, context);
    }
}
