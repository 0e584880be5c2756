using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.ClientUrl;

/// <summary>Sets <see cref="NsmContext.ClientUrl"/> to a fixed URL for every call, so that <c>dial</c> knows where to connect.</summary>
/// <remarks>Chain placement: before clientconn and dial.</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class ClientUrlRegistry<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
{
    /// <summary>Initializes the element.</summary>
    /// <param name="url">The URL to dial.</param>
    protected ClientUrlRegistry(Uri url) => Url = url ?? throw new ArgumentNullException(nameof(url));

    /// <summary>Gets the URL.</summary>
    public Uri Url { get; }

    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ClientUrl = Url;
        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ClientUrl = Url;
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ClientUrl = Url;
        return next.UnregisterAsync(item, context);
    }
}

/// <summary>The NetworkServiceEndpoint registry <c>clienturl</c> element (server or client side).</summary>
/// <param name="url">The URL to dial.</param>
public sealed class ClientUrlNseRegistry(Uri url) : ClientUrlRegistry<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(url),
    INetworkServiceEndpointRegistryServer, INetworkServiceEndpointRegistryClient;

/// <summary>The NetworkService registry <c>clienturl</c> element (server or client side).</summary>
/// <param name="url">The URL to dial.</param>
public sealed class ClientUrlNsRegistry(Uri url) : ClientUrlRegistry<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(url),
    INetworkServiceRegistryServer, INetworkServiceRegistryClient;
