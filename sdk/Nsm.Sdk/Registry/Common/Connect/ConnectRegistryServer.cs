using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Connect;

/// <summary>
/// Bridges a registry server chain to a client chain (e.g. nsmgr forwarding to the central registry): Register calls
/// the client, then next with the client's response, and unregisters on the client side when next fails; Find relays
/// the client's results, then calls next; Unregister calls only the client (later server elements are not called, as upstream).
/// </summary>
/// <remarks>The terminal client element that makes the gRPC call is <see cref="GrpcNetworkServiceEndpointRegistryClient"/> / <see cref="GrpcNetworkServiceRegistryClient"/>.</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
/// <param name="client">The client chain.</param>
public abstract class ConnectRegistryServer<T, TQuery, TResponse>(IRegistryElement<T, TQuery, TResponse> client) : IRegistryElement<T, TQuery, TResponse>
{
    private readonly IRegistryElement<T, TQuery, TResponse> _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var response = await _client.RegisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        try
        {
            return await next.RegisterAsync(response, context).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await _client.UnregisterAsync(response, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
            }
            catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
            {
                // the original failure is what the caller needs to see
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await _client.FindAsync(query, stream, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        await next.FindAsync(query, stream, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        _client.UnregisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail);
}

/// <summary>The NetworkServiceEndpoint registry <c>connect</c> server element.</summary>
/// <param name="client">The client chain.</param>
public sealed class ConnectNseServer(INetworkServiceEndpointRegistryClient client)
    : ConnectRegistryServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(client), INetworkServiceEndpointRegistryServer;

/// <summary>The NetworkService registry <c>connect</c> server element.</summary>
/// <param name="client">The client chain.</param>
public sealed class ConnectNsServer(INetworkServiceRegistryClient client)
    : ConnectRegistryServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(client), INetworkServiceRegistryServer;
