using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.GrpcMetadata;

namespace Nsm.Sdk.Registry.Common.Authorize;

/// <summary>
/// Checks the registry server's answer (upstream registry <c>authorize</c> client): after a Register, the full path
/// returned in the <c>path</c> header (see <see cref="GrpcMetadataClient{T, TQuery, TResponse}"/>), with the server's
/// identity; before an Unregister, the current path.
/// </summary>
/// <remarks>
/// Placement: before grpcmetadata (so it sees the returned path). A first registration that fails the policies is
/// unregistered downstream (best effort) and the Register fails with <c>PermissionDenied</c>.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public abstract class AuthorizeRegistryClient<T, TQuery, TResponse>(AuthorizeRegistryOptions? options) : IRegistryElement<T, TQuery, TResponse>
{
    private readonly AuthorizeRegistryOptions _options = options ?? new AuthorizeRegistryOptions();

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next.RegisterAsync(item, context).ConfigureAwait(false);
        var name = RegistryRecords.Name(result);
        try
        {
            Check(name, context);
        }
        catch (NsmStatusException) when (!_options.PathIdsMap.Contains(name))
        {
            try
            {
                await next.UnregisterAsync(result, context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or NsmStatusException)
            {
                // Best effort: the Register fails with the policy error either way.
            }

            throw;
        }

        _options.PathIdsMap.Set(name, RegistryRecords.PathIds(result) ?? []);
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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = RegistryRecords.Name(item);
        if (context.TryGet(RegistryPathContext.PathKey, out _))
        {
            Check(name, context);
        }

        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        _options.PathIdsMap.Remove(name);
    }

    private void Check(string name, NsmContext context) =>
        AuthorizationEnforcement.Enforce(_options.Policies, () => RegistryAuthorizationInput.FromPath(
            context.GetOrCreateRegistryPath(), name, _options.PathIdsMap.View, _options.ServerPeer?.Invoke(context), leftSideOnly: false));
}

/// <summary>The <see cref="AuthorizeRegistryClient{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public sealed class AuthorizeNseClient(AuthorizeRegistryOptions? options = null)
    : AuthorizeRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(options), INetworkServiceEndpointRegistryClient;

/// <summary>The <see cref="AuthorizeRegistryClient{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
/// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
public sealed class AuthorizeNsClient(AuthorizeRegistryOptions? options = null)
    : AuthorizeRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(options), INetworkServiceRegistryClient;
