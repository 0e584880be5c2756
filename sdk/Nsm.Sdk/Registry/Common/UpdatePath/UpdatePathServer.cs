using Google.Protobuf;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Common.UpdatePath;

/// <summary>
/// Advances the registry path to this hop on Register and Unregister (upstream registry <c>updatepath</c>, wire spec
/// §4.3): a first registration becomes <c>[caller token, own token]</c> with <c>Index = 1</c>; a refresh replaces
/// both tokens; <c>path_ids[Index−1]</c> and <c>path_ids[Index]</c> get the caller's and this hop's SPIFFE IDs. The
/// rest of the chain runs with <c>Index</c> at this hop, which is then restored to the caller's value.
/// </summary>
/// <remarks>
/// <para>Placement: right after grpcmetadata, before authorize. The path is the call's
/// <see cref="RegistryPathContext.PathKey"/> (an empty one when grpcmetadata is absent); the record is copied before
/// its <c>path_ids</c> change.</para>
/// <para>Errors: an index outside the path is <c>InvalidArgument</c>; an own token whose <c>sub</c> is not a SPIFFE
/// ID fails the call (<c>Unknown</c>), as upstream. A missing or unparsable caller token only logs a warning.</para>
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="generator">Mints this hop's tokens (aud = the caller).</param>
public abstract class UpdatePathServer<T, TQuery, TResponse>(ITokenGenerator generator) : IRegistryElement<T, TQuery, TResponse>
    where T : class, IMessage<T>
{
    private readonly ITokenGenerator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        item = item.Clone();
        var path = context.GetOrCreateRegistryPath();
        var index = RegistryPathUpdater.Update(path, RegistryRecords.PathIds(item), context, _generator);
        try
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }
        finally
        {
            path.Index = index;
        }
    }

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        item = item.Clone();
        var path = context.GetOrCreateRegistryPath();
        var index = RegistryPathUpdater.Update(path, RegistryRecords.PathIds(item), context, _generator);
        try
        {
            await next.UnregisterAsync(item, context).ConfigureAwait(false);
        }
        finally
        {
            path.Index = index;
        }
    }
}

/// <summary>The <see cref="UpdatePathServer{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
/// <param name="generator">Mints this hop's tokens.</param>
public sealed class UpdatePathNseServer(ITokenGenerator generator)
    : UpdatePathServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(generator), INetworkServiceEndpointRegistryServer;

/// <summary>The <see cref="UpdatePathServer{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
/// <param name="generator">Mints this hop's tokens.</param>
public sealed class UpdatePathNsServer(ITokenGenerator generator)
    : UpdatePathServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(generator), INetworkServiceRegistryServer;
