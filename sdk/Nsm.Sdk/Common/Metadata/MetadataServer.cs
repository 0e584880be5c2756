using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Metadata;

/// <summary>
/// Attaches the connection's <see cref="ConnectionMetadata"/> to the call context so that later elements (of
/// this server chain and of the client chain it continues into) can keep per-connection state.
/// </summary>
/// <remarks>The metadata lives from the first successful Request until Close; a failed first Request drops it.</remarks>
public sealed class MetadataServer : INetworkServiceServer
{
    private readonly ConnectionMetadataStore _store = new();

    /// <summary>Gets the number of connections that currently have metadata (for leak checks).</summary>
    public int Count => _store.Count;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _store.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _store.CloseAsync(connection, context, next);
}
