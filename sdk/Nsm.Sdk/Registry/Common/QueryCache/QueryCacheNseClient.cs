using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.QueryCache;

/// <summary>
/// Caches non-watch NSE Finds by name: a Find whose query holds only a name is answered from the cache when that NSE
/// was seen before; every NSE a Find returns is cached and kept fresh by a background watch by name, which drops the
/// entry on a deletion or when the watch ends. Entries nobody asked for within <see cref="QueryCacheOptions.ExpireTimeout"/>
/// are dropped (with their watch). Watch Finds bypass the cache.
/// </summary>
/// <remarks>Chain placement: an NSE client chain, before dial/connect. Upstream ships it but no chain uses it.</remarks>
public sealed class QueryCacheNseClient : INetworkServiceEndpointRegistryClient, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, QueryCacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly QueryCacheOptions _options;
    private readonly ITimer _sweep;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    public QueryCacheNseClient(QueryCacheOptions? options = null)
    {
        _options = options ?? new QueryCacheOptions();
        _options.Validate();
        _sweep = _options.TimeProvider.CreateTimer(static s => ((QueryCacheNseClient)s!).Sweep(), this, _options.ExpireTimeout, _options.ExpireTimeout);
    }

    /// <summary>Gets the number of cached NSEs (each with a running watch).</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public async Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (query.Watch)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        if (NameOnly(query) is { } name && _entries.TryGetValue(name, out var hit) && hit.TryGet(now) is { } cached)
        {
            await stream.WriteAsync(new NetworkServiceEndpointResponse { NetworkServiceEndpoint = cached }).ConfigureAwait(false);
            return;
        }

        var found = new List<NetworkServiceEndpointResponse>();
        await next.FindAsync(query, new ListWriter(found), context).ConfigureAwait(false);
        foreach (var response in found)
        {
            if (!response.Deleted && response.NetworkServiceEndpoint is { Name.Length: > 0 } nse)
            {
                Store(nse, context, next, now);
            }

            await stream.WriteAsync(response).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }

    /// <summary>Stops the sweep and every watch.</summary>
    /// <returns>A task that completes when the watches have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync().ConfigureAwait(false);
        var tasks = _entries.Values.Select(e => e.StopAsync()).ToList();
        _entries.Clear();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static string? NameOnly(NetworkServiceEndpointQuery query)
    {
        var nse = query.NetworkServiceEndpoint;
        return nse is { Name.Length: > 0 } && nse.Equals(new NetworkServiceEndpoint { Name = nse.Name }) ? nse.Name : null;
    }

    private void Store(NetworkServiceEndpoint nse, NsmContext context, NseHandler next, DateTimeOffset now)
    {
        if (_entries.TryGetValue(nse.Name, out var existing))
        {
            existing.Update(nse, now);
            return;
        }

        var entry = new QueryCacheEntry(nse, now, _options.ExpireTimeout);
        if (_entries.TryAdd(nse.Name, entry))
        {
            var ctx = context.Fork(null, entry.Token);
            entry.Watch = WatchAsync(entry, nse.Name, ctx, next);
        }
    }

    private async Task WatchAsync(QueryCacheEntry entry, string name, NsmContext context, NseHandler next)
    {
        await Task.Yield();
        try
        {
            var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = name }, Watch = true };
            await next.FindAsync(query, new EntryWriter(this, entry), context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!entry.Token.IsCancellationRequested)
            {
                RegistryCommonLog.QueryCacheWatchEnded(context.Logger, name, ex);
            }
        }

        Drop(entry);
        entry.Dispose();
    }

    private void Drop(QueryCacheEntry entry)
    {
        _entries.TryRemove(new KeyValuePair<string, QueryCacheEntry>(entry.Name, entry));
        entry.Cancel();
    }

    private void Sweep()
    {
        var now = _options.TimeProvider.GetUtcNow();
        foreach (var entry in _entries.Values.Where(e => e.IsExpired(now)))
        {
            Drop(entry);
        }
    }

    private sealed class ListWriter(List<NetworkServiceEndpointResponse> list) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            list.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class EntryWriter(QueryCacheNseClient owner, QueryCacheEntry entry) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            if (message.Deleted)
            {
                owner.Drop(entry);
            }
            else if (message.NetworkServiceEndpoint is { } nse && nse.Name == entry.Name)
            {
                entry.Update(nse, null);
            }

            return Task.CompletedTask;
        }
    }
}
