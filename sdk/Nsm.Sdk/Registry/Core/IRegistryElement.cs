using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// The shape of every registry element, server or client, for NetworkServiceEndpoints or NetworkServices: do one
/// thing and decide whether and when to call <c>next</c>. Find writes results to a stream on both sides, so
/// elements can filter or translate what flows back.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public interface IRegistryElement<T, TQuery, TResponse>
{
    /// <summary>Handles a Register.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>The registered record.</returns>
    ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next);

    /// <summary>Handles a Find.</summary>
    /// <param name="query">The query.</param>
    /// <param name="stream">Where results go.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when the Find ends.</returns>
    Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next);

    /// <summary>Handles an Unregister.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when the record is unregistered.</returns>
    ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next);
}

/// <summary>An element of a NetworkServiceEndpoint registry server chain.</summary>
public interface INetworkServiceEndpointRegistryServer : IRegistryElement<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>;

/// <summary>An element of a NetworkServiceEndpoint registry client chain.</summary>
public interface INetworkServiceEndpointRegistryClient : IRegistryElement<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>;

/// <summary>An element of a NetworkService registry server chain.</summary>
public interface INetworkServiceRegistryServer : IRegistryElement<NetworkService, NetworkServiceQuery, NetworkServiceResponse>;

/// <summary>An element of a NetworkService registry client chain.</summary>
public interface INetworkServiceRegistryClient : IRegistryElement<NetworkService, NetworkServiceQuery, NetworkServiceResponse>;
