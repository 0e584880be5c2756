using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Null;

/// <summary>A registry element that only calls next; a placeholder for a disabled element (e.g. heal or retry switched off).</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class NullRegistry<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
{
    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }
}

/// <summary>A NetworkServiceEndpoint registry element (server or client) that only calls next.</summary>
public sealed class NullNseRegistry : NullRegistry<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>,
    INetworkServiceEndpointRegistryServer, INetworkServiceEndpointRegistryClient;

/// <summary>A NetworkService registry element (server or client) that only calls next.</summary>
public sealed class NullNsRegistry : NullRegistry<NetworkService, NetworkServiceQuery, NetworkServiceResponse>,
    INetworkServiceRegistryServer, INetworkServiceRegistryClient;
