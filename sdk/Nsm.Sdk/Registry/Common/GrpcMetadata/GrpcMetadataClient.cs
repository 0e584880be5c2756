using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.GrpcMetadata;

/// <summary>
/// Client side of the registry <c>path</c> metadata (wire spec §4.3): every Register and Unregister sends a
/// <c>path</c> header (at least <c>{"Index":0,"PathSegments":null}</c>), and the <c>path</c> response header is kept.
/// </summary>
/// <remarks>
/// <para>The path sent is the call's <see cref="RegistryPathContext.PathKey"/> when a server half put one there (an
/// nsmgr forwarding a Register), else the path the server returned for the last Register of the same name (so a
/// refresh resends it), else an empty one. The returned path becomes the call's context path (for authorize) and,
/// for the last case, the stored one; a successful Unregister forgets the name.</para>
/// <para>Placement: after clientconn and before dial and the gRPC terminal, as upstream; the token metadata comes
/// from the client-token element right before the terminal.</para>
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public abstract class GrpcMetadataClient<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
{
    private readonly ConcurrentDictionary<string, RegistryPath> _paths = new(StringComparer.Ordinal);

    /// <summary>Gets the path stored for a name, if any (a copy).</summary>
    /// <param name="name">The NS or NSE name.</param>
    /// <returns>The path returned by the last Register of that name, or <see langword="null"/>.</returns>
    public RegistryPath? GetStoredPath(string name) => _paths.TryGetValue(name, out var path) ? path.Clone() : null;

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = RegistryRecords.Name(item);
        var fromServer = Send(context, name);
        var result = await next.RegisterAsync(item, context).ConfigureAwait(false);
        if (Receive(context, fromServer) is { } returned)
        {
            _paths[name] = returned.Clone();
        }

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
        var fromServer = Send(context, name);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        Receive(context, fromServer);
        _paths.TryRemove(name, out _);
    }

    private bool Send(NsmContext context, string name)
    {
        var fromServer = context.TryGet(RegistryPathContext.PathKey, out var path);
        if (!fromServer)
        {
            path = _paths.TryGetValue(name, out var stored) ? stored.Clone() : new RegistryPath();
            context.Set(RegistryPathContext.PathKey, path);
        }

        context.SetOutgoingPathHeader(path);
        context.Remove(GrpcCallContextKeys.IncomingHeaders);
        return fromServer;
    }

    // Returns the path to store (only when this element owns the context path).
    private static RegistryPath? Receive(NsmContext context, bool fromServer)
    {
        var value = RegistryPathContext.LastValue(context.GetOrDefault(GrpcCallContextKeys.IncomingHeaders), RegistryPath.MetadataKey);
        if (!RegistryPath.TryFromJson(value, out var returned))
        {
            return null;
        }

        var path = context.GetOrCreateRegistryPath();
        path.Index = returned.Index;
        path.PathSegments.Clear();
        foreach (var segment in returned.PathSegments)
        {
            path.PathSegments.Add(segment);
        }

        return fromServer ? null : returned;
    }
}

/// <summary>The <see cref="GrpcMetadataClient{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
public sealed class GrpcMetadataNseClient
    : GrpcMetadataClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>, INetworkServiceEndpointRegistryClient;

/// <summary>The <see cref="GrpcMetadataClient{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
public sealed class GrpcMetadataNsClient
    : GrpcMetadataClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>, INetworkServiceRegistryClient;
