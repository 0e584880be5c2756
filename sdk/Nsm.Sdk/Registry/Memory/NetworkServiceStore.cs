using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>
/// A thread-safe in-memory store of <see cref="NetworkService"/> records keyed by name, with Find and watch
/// (the storage half of upstream's registry <c>memory</c> element). Network services never expire.
/// </summary>
public sealed class NetworkServiceStore : IDisposable
{
    private readonly RecordStore<NetworkService> _store;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">Settings; <see langword="null"/> for defaults.</param>
    public NetworkServiceStore(RegistryStoreOptions? options = null)
    {
        options ??= new RegistryStoreOptions();
        _store = new RecordStore<NetworkService>(ns => ns.Name, RegistryQueryMatcher.Matches, index: null, options.WatchCapacity, kind: "ns");
    }

    /// <summary>The number of stored records.</summary>
    public int Count => _store.Count;

    /// <summary>The number of active watchers.</summary>
    public int WatcherCount => _store.SubscriberCount;

    /// <summary>Stores a copy of <paramref name="networkService"/>, replacing any record with the same name, and notifies watchers.</summary>
    /// <param name="networkService">The record; its name must not be empty.</param>
    /// <returns>A copy of the stored record.</returns>
    public NetworkService Put(NetworkService networkService) => _store.Put(networkService, prepare: null);

    /// <summary>Removes the named record and notifies watchers with <c>deleted = true</c>.</summary>
    /// <param name="name">The record name.</param>
    /// <returns>A copy of the removed record, or <see langword="null"/> when none was stored.</returns>
    public NetworkService? Delete(string name) => _store.Delete(name);

    /// <summary>A copy of the named record.</summary>
    /// <param name="name">The record name.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    public NetworkService? Get(string name) => _store.Get(name);

    /// <summary>Copies of every record matching <paramref name="query"/> (wire.md §6.3), sorted by name.</summary>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <returns>The matches.</returns>
    public IReadOnlyList<NetworkService> Find(NetworkService? query = null) => _store.Find(query);

    /// <summary>Like <see cref="Find"/>, but the stored instances themselves: callers must not change them.</summary>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <returns>The matches, sorted by name.</returns>
    internal List<NetworkService> FindShared(NetworkService? query) => _store.FindShared(query);

    /// <summary>
    /// Streams the current matches (sorted by name, <c>deleted = false</c>), then every later put
    /// (<c>deleted = false</c>) and delete (<c>deleted = true</c>, last stored record) matching <paramref name="query"/>.
    /// </summary>
    /// <remarks>
    /// The watcher is registered when enumeration starts and released when the enumeration is cancelled
    /// (an <see cref="OperationCanceledException"/> is thrown) or disposed. The stream ends normally when the store is
    /// disposed, and with <see cref="RegistryWatchOverflowException"/> if the consumer falls too far behind.
    /// </remarks>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The event stream.</returns>
    public IAsyncEnumerable<RegistryEvent<NetworkService>> Watch(NetworkService? query, CancellationToken cancellationToken = default) =>
        _store.Watch(query, cancellationToken);

    /// <summary>Ends every watch; later puts fail.</summary>
    public void Dispose() => _store.Dispose();
}
