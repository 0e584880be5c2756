using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Common.ClientToken;

/// <summary>
/// Attaches a freshly minted <c>nsm-client-token</c> / <c>nsm-client-token-expires</c> to every outgoing Register,
/// Find and Unregister (upstream per-RPC credentials; see <see cref="ClientTokenClient"/>).
/// </summary>
/// <remarks>Placement: right before the gRPC terminal (<see cref="GrpcRegistryClient{T, TQuery, TResponse}"/>).</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="generator">Mints this component's tokens.</param>
/// <param name="options">The options; defaults (no server peer) when <see langword="null"/>.</param>
public abstract class ClientTokenRegistryClient<T, TQuery, TResponse>(ITokenGenerator generator, ClientTokenOptions? options)
    : IRegistryElement<T, TQuery, TResponse>
{
    private readonly ITokenGenerator _generator = generator ?? throw new ArgumentNullException(nameof(generator));
    private readonly ClientTokenOptions _options = options ?? new ClientTokenOptions();

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ClientTokenHeaders.ApplyAsync(context, _generator, _options).ConfigureAwait(false);
        return await next.RegisterAsync(item, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ClientTokenHeaders.ApplyAsync(context, _generator, _options).ConfigureAwait(false);
        await next.FindAsync(query, stream, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ClientTokenHeaders.ApplyAsync(context, _generator, _options).ConfigureAwait(false);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
    }
}

/// <summary>The <see cref="ClientTokenRegistryClient{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
/// <param name="generator">Mints this component's tokens.</param>
/// <param name="options">The options.</param>
public sealed class ClientTokenNseClient(ITokenGenerator generator, ClientTokenOptions? options = null)
    : ClientTokenRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(generator, options),
    INetworkServiceEndpointRegistryClient;

/// <summary>The <see cref="ClientTokenRegistryClient{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
/// <param name="generator">Mints this component's tokens.</param>
/// <param name="options">The options.</param>
public sealed class ClientTokenNsClient(ITokenGenerator generator, ClientTokenOptions? options = null)
    : ClientTokenRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(generator, options),
    INetworkServiceRegistryClient;
