using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>Passes every call to another element; the base of the server/client adapters.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
/// <param name="inner">The adapted element.</param>
public abstract class RegistryAdapter<T, TQuery, TResponse>(IRegistryElement<T, TQuery, TResponse> inner) : IRegistryElement<T, TQuery, TResponse>
{
    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) => inner.RegisterAsync(item, context, next);

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        inner.FindAsync(query, stream, context, next);

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) => inner.UnregisterAsync(item, context, next);
}

/// <summary>Adapters between registry server and client elements.</summary>
public static class RegistryAdapters
{
    /// <summary>Uses a NetworkServiceEndpoint registry client element in a server chain.</summary>
    /// <param name="client">The client element.</param>
    /// <returns>The server element.</returns>
    public static INetworkServiceEndpointRegistryServer AsServer(this INetworkServiceEndpointRegistryClient client) => new NseClientToServer(client);

    /// <summary>Uses a NetworkServiceEndpoint registry server element in a client chain.</summary>
    /// <param name="server">The server element.</param>
    /// <returns>The client element.</returns>
    public static INetworkServiceEndpointRegistryClient AsClient(this INetworkServiceEndpointRegistryServer server) => new NseServerToClient(server);

    /// <summary>Uses a NetworkService registry client element in a server chain.</summary>
    /// <param name="client">The client element.</param>
    /// <returns>The server element.</returns>
    public static INetworkServiceRegistryServer AsServer(this INetworkServiceRegistryClient client) => new NsClientToServer(client);

    /// <summary>Uses a NetworkService registry server element in a client chain.</summary>
    /// <param name="server">The server element.</param>
    /// <returns>The client element.</returns>
    public static INetworkServiceRegistryClient AsClient(this INetworkServiceRegistryServer server) => new NsServerToClient(server);

    private sealed class NseClientToServer(INetworkServiceEndpointRegistryClient c)
        : RegistryAdapter<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(c), INetworkServiceEndpointRegistryServer;

    private sealed class NseServerToClient(INetworkServiceEndpointRegistryServer s)
        : RegistryAdapter<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(s), INetworkServiceEndpointRegistryClient;

    private sealed class NsClientToServer(INetworkServiceRegistryClient c)
        : RegistryAdapter<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(c), INetworkServiceRegistryServer;

    private sealed class NsServerToClient(INetworkServiceRegistryServer s)
        : RegistryAdapter<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(s), INetworkServiceRegistryClient;
}
