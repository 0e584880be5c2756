using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Timers;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>
/// A thread-safe in-memory store of <see cref="NetworkServiceEndpoint"/> records keyed by name, with Find, watch and
/// per-endpoint expiry timers. Finds that name network services use a per-service index instead of a full scan.
/// </summary>
public sealed class NetworkServiceEndpointStore : IDisposable
{
    private readonly RecordStore<NetworkServiceEndpoint> _store;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _timersLock = new();
    private readonly KeyedTimers<string> _timers;
    private bool _disposed;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">Settings; <see langword="null"/> for defaults.</param>
    public NetworkServiceEndpointStore(RegistryStoreOptions? options = null)
    {
        options ??= new RegistryStoreOptions();
        _timeProvider = options.TimeProvider;
        _timers = new KeyedTimers<string>(_timeProvider, StringComparer.Ordinal);
        _store = new RecordStore<NetworkServiceEndpoint>(
            nse => nse.Name, RegistryQueryMatcher.Matches, new ServiceNameIndex(), options.WatchCapacity, kind: "nse");
    }

    /// <summary>The number of stored records.</summary>
    public int Count => _store.Count;

    /// <summary>The number of active watchers.</summary>
    public int WatcherCount => _store.SubscriberCount;

    /// <summary>
    /// Stores a copy of <paramref name="endpoint"/>, replacing any record with the same name, and notifies watchers.
    /// </summary>
    /// <remarks>
    /// <c>initial_registration_time</c> is preserved from the stored record on a refresh; on a first registration the
    /// incoming value is kept, or set to the clock's now when absent. Expiry timers are not touched (see <see cref="ExpireAt"/>).
    /// </remarks>
    /// <param name="endpoint">The record; its name must not be empty.</param>
    /// <returns>A copy of the stored record.</returns>
    public NetworkServiceEndpoint Put(NetworkServiceEndpoint endpoint) => _store.Put(endpoint, KeepRegistrationTime);

    /// <summary>Removes the named record, cancels its expiry timer and notifies watchers with <c>deleted = true</c>.</summary>
    /// <param name="name">The record name.</param>
    /// <returns>A copy of the removed record, or <see langword="null"/> when none was stored.</returns>
    public NetworkServiceEndpoint? Delete(string name)
    {
        CancelExpiry(name);
        return _store.Delete(name);
    }

    /// <summary>A copy of the named record.</summary>
    /// <param name="name">The record name.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    public NetworkServiceEndpoint? Get(string name) => _store.Get(name);

    /// <summary>Copies of every record matching <paramref name="query"/> (wire.md §6.3), sorted by name.</summary>
    /// <remarks>No expiry filtering: expired records disappear when their timer (or the expire element) deletes them.</remarks>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <returns>The matches.</returns>
    public IReadOnlyList<NetworkServiceEndpoint> Find(NetworkServiceEndpoint? query = null) => _store.Find(query);

    /// <summary>Like <see cref="Find"/>, but the stored instances themselves: callers must not change them.</summary>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <returns>The matches, sorted by name.</returns>
    internal List<NetworkServiceEndpoint> FindShared(NetworkServiceEndpoint? query) => _store.FindShared(query);

    /// <summary>
    /// Streams the current matches (sorted by name, <c>deleted = false</c>), then every later put
    /// (<c>deleted = false</c>) and delete or expiry (<c>deleted = true</c>, last stored record) matching <paramref name="query"/>.
    /// </summary>
    /// <remarks>
    /// The watcher is registered when enumeration starts and released when the enumeration is cancelled
    /// (an <see cref="OperationCanceledException"/> is thrown) or disposed. The stream ends normally when the store is
    /// disposed, and with <see cref="RegistryWatchOverflowException"/> if the consumer falls too far behind.
    /// </remarks>
    /// <param name="query">The query; <see langword="null"/> matches everything.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The event stream.</returns>
    public IAsyncEnumerable<RegistryEvent<NetworkServiceEndpoint>> Watch(
        NetworkServiceEndpoint? query, CancellationToken cancellationToken = default) =>
        _store.Watch(query, cancellationToken);

    /// <summary>
    /// Arms (or re-arms) the named record's expiry timer: at <paramref name="deadline"/> the record is deleted and
    /// watchers receive <c>deleted = true</c>. A deadline in the past fires at once.
    /// </summary>
    /// <param name="name">The record name.</param>
    /// <param name="deadline">When the record expires, on the store's <see cref="TimeProvider"/>.</param>
    /// <returns><see langword="false"/> when no such record is stored (nothing is armed).</returns>
    public bool ExpireAt(string name, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(name);
        var due = deadline - _timeProvider.GetUtcNow();
        lock (_timersLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_store.Get(name) is null)
            {
                return false;
            }

            _timers.Schedule(name, due, () => OnExpired(name));
            return true;
        }
    }

    /// <summary>Cancels the named record's expiry timer, if any.</summary>
    /// <param name="name">The record name.</param>
    /// <returns><see langword="true"/> when a timer was cancelled.</returns>
    public bool CancelExpiry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _timers.Cancel(name);
    }

    /// <summary>Cancels every expiry timer and ends every watch; later puts fail.</summary>
    public void Dispose()
    {
        lock (_timersLock)
        {
            _disposed = true;
            _timers.Dispose();
        }

        _store.Dispose();
    }

    private void KeepRegistrationTime(NetworkServiceEndpoint? previous, NetworkServiceEndpoint stored)
    {
        if (previous?.InitialRegistrationTime is { } initial)
        {
            stored.InitialRegistrationTime = initial.Clone();
        }
        else
        {
            stored.InitialRegistrationTime ??= Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        }
    }

    private void OnExpired(string name)
    {
        lock (_timersLock)
        {
            if (!_timers.IsArmed(name))
            {
                _store.Delete(name); // unless re-armed meanwhile
            }
        }
    }
}
