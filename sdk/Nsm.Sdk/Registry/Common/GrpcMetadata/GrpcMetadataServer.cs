using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.GrpcMetadata;

/// <summary>
/// Server side of the registry <c>path</c> metadata (upstream <c>grpcmetadata</c>, wire spec §4.3): reads the
/// request's <c>path</c> (last value wins) into <see cref="RegistryPathContext.PathKey"/> and, after a successful
/// Register or Unregister, sends the path back as the <c>path</c> response header.
/// </summary>
/// <remarks>
/// <para>Placement: first of every registry server chain, before updatepath (which restores <c>Index</c> on the
/// way back, so the header carries the caller's index).</para>
/// <para>An absent or malformed <c>path</c> logs a warning; the chain runs with a fresh empty path and no
/// header is sent, as upstream. Find does not use the path.</para>
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public abstract partial class GrpcMetadataServer<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
{
    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var (path, reply) = Read(context);
        var result = await next.RegisterAsync(item, context).ConfigureAwait(false);
        if (reply)
        {
            context.SetResponsePathHeader(path);
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
        ArgumentNullException.ThrowIfNull(next);
        var (path, reply) = Read(context);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        if (reply)
        {
            context.SetResponsePathHeader(path);
        }
    }

    private static (RegistryPath Path, bool Reply) Read(NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = RegistryPathContext.LastValue(context.GetOrDefault(GrpcCallContextKeys.RequestHeaders), RegistryPath.MetadataKey);
        var ok = RegistryPath.TryFromJson(value, out var path);
        if (!ok)
        {
            LogNoPath(context.Logger, value is null ? "absent" : "malformed");
            path = new RegistryPath();
        }

        context.Set(RegistryPathContext.PathKey, path!);
        return (path!, ok);
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "grpcmetadata: request metadata 'path' is {Reason}; using an empty path and sending no path header")]
    private static partial void LogNoPath(ILogger logger, string reason);
}

/// <summary>The <see cref="GrpcMetadataServer{T, TQuery, TResponse}"/> of the NetworkServiceEndpoint registry.</summary>
public sealed class GrpcMetadataNseServer
    : GrpcMetadataServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>, INetworkServiceEndpointRegistryServer;

/// <summary>The <see cref="GrpcMetadataServer{T, TQuery, TResponse}"/> of the NetworkService registry.</summary>
public sealed class GrpcMetadataNsServer
    : GrpcMetadataServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>, INetworkServiceRegistryServer;
