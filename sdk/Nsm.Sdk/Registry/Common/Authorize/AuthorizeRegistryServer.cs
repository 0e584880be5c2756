using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.GrpcMetadata;

namespace Nsm.Sdk.Registry.Common.Authorize;

/// <summary>
/// Checks Register and Unregister callers (upstream registry <c>authorize</c> server, wire spec §4.4) over the left side
/// of the registry path <c>[0..index]</c>, the caller's certificate and the name → path ids map.
/// </summary>
/// <remarks>
/// <para>Placement: after grpcmetadata and updatepath. Only calls with a caller (<see cref="NsmContext.Peer"/>) are
/// checked. Denial → <c>PermissionDenied</c>; a failing policy → <c>Internal</c>.</para>
/// <para>The map entry is stored after a successful Register and removed after an Unregister through this element;
/// an expiry-driven Unregister starts below it, so the entry persists, as upstream. Find is not checked.</para>
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public abstract class AuthorizeRegistryServer<T, TQuery, TResponse>(AuthorizeRegistryOptions? options) : IRegistryElement<T, TQuery, TResponse>
{
    private readonly AuthorizeRegistryOptions _options = options ?? new AuthorizeRegistryOptions();

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Check(item, context);
        var result = await next.RegisterAsync(item, context).ConfigureAwait(false);
        _options.PathIdsMap.Set(RegistryRecords.Name(result), RegistryRecords.PathIds(result) ?? []);
        return result;
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
        ArgumentNullException.ThrowIfNull(next);
        Check(item, context);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        _options.PathIdsMap.Remove(RegistryRecords.Name(item));
    }

    private void Check(T item, NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Peer is null)
        {
            return;
        }

        AuthorizationEnforcement.Enforce(_options.Policies, () => RegistryAuthorizationInput.FromPath(
            context.GetOrCreateRegistryPath(), RegistryRecords.Name(item), _options.PathIdsMap.View, context.Peer.ToPeerAuthInfo(), leftSideOnly: true));
    }
}

/// <summary>The <see cref="AuthorizeRegistryServer{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public sealed class AuthorizeNseServer(AuthorizeRegistryOptions? options = null)
    : AuthorizeRegistryServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(options), INetworkServiceEndpointRegistryServer;

/// <summary>The <see cref="AuthorizeRegistryServer{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public sealed class AuthorizeNsServer(AuthorizeRegistryOptions? options = null)
    : AuthorizeRegistryServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(options), INetworkServiceRegistryServer;
