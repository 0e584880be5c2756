using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Metadata;

/// <summary>
/// Keeps one <see cref="ConnectionMetadata"/> per connection id for the lifetime of the connection: created on
/// the first Request, dropped when that first Request fails or when the connection closes.
/// </summary>
internal sealed class ConnectionMetadataStore
{
    private readonly ConcurrentDictionary<string, ConnectionMetadata> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Metadata is not null)
        {
            // The server half of this component already attached the connection's metadata.
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var id = request.Connection?.Id ?? string.Empty;
        var established = _byId.TryGetValue(id, out var metadata);
        metadata ??= _byId.GetOrAdd(id, static i => new ConnectionMetadata(i));
        context.Metadata = metadata;
        try
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (!established)
        {
            _byId.TryRemove(new KeyValuePair<string, ConnectionMetadata>(id, metadata));
            throw;
        }
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Metadata is not null)
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
            return;
        }

        context.Metadata = _byId.GetOrAdd(connection.Id, static i => new ConnectionMetadata(i));
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            _byId.TryRemove(connection.Id, out _);
        }
    }
}
