using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>
/// The name-keyed record map with watch fan-out behind both public stores.
/// </summary>
/// <remarks>
/// Stored instances are private clones that are never mutated after they are stored, so readers can collect
/// references under the lock and clone them outside it. Every mutation and its event publication happen under one lock,
/// so each watcher sees events in the order the store applied them, and never an event already in its snapshot.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class RecordStore<T> : IDisposable
    where T : class, IMessage<T>, IDeepCloneable<T>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly Func<T, string> _nameOf;
    private readonly Func<T?, T, bool> _matches;
    private readonly IRecordIndex<T>? _index;
    private readonly int _capacity;
    private readonly KeyValuePair<string, object?> _kindTag;
    private List<Subscriber<T>> _subscribers = [];
    private bool _disposed;

    // kind: the record kind reported with nsm.registry.records (nse, ns).
    public RecordStore(Func<T, string> nameOf, Func<T?, T, bool> matches, IRecordIndex<T>? index, int capacity, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _kindTag = new(Core.NsmMetricNames.RegistryKindTag, kind);
        _nameOf = nameOf;
        _matches = matches;
        _index = index;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Count;

    /// <summary>Stores a clone of <paramref name="record"/>; <paramref name="prepare"/> may adjust it from the previous value.</summary>
    public T Put(T record, Action<T?, T>? prepare)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = _nameOf(record);
        if (name.Length == 0)
        {
            throw new ArgumentException("the record name must not be empty", nameof(record));
        }

        var stored = record.Clone();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _records.TryGetValue(name, out var previous);
            prepare?.Invoke(previous, stored);
            _records[name] = stored;
            if (previous is null)
            {
                Core.NsmMetrics.Default.RegistryRecords.Add(1, _kindTag);
            }

            _index?.Update(previous, stored);
            Publish(new RegistryEvent<T>(stored, Deleted: false));
        }

        return stored.Clone();
    }

    public T? Delete(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        T? removed;
        lock (_lock)
        {
            if (_disposed || !_records.Remove(name, out removed))
            {
                return null;
            }

            Core.NsmMetrics.Default.RegistryRecords.Add(-1, _kindTag);
            _index?.Update(removed, null);
            Publish(new RegistryEvent<T>(removed, Deleted: true));
        }

        return removed.Clone();
    }

    public T? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        T? record;
        lock (_lock)
        {
            _records.TryGetValue(name, out record);
        }

        return record?.Clone();
    }

    public IReadOnlyList<T> Find(T? query) => CloneAll(FindShared(query));

    /// <summary>The stored instances matching <paramref name="query"/>, sorted by name: callers must not change them.</summary>
    public List<T> FindShared(T? query)
    {
        List<T> found;
        lock (_lock)
        {
            found = CollectMatches(query);
        }

        found.Sort((a, b) => string.CompareOrdinal(_nameOf(a), _nameOf(b)));
        return found;
    }

    public async IAsyncEnumerable<RegistryEvent<T>> Watch(T? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var watchQuery = query?.Clone();
        var subscriber = new Subscriber<T>(watchQuery, _capacity);
        List<T> snapshot;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            snapshot = CollectMatches(watchQuery);
            _subscribers = [.. _subscribers, subscriber];
        }

        try
        {
            snapshot.Sort((a, b) => string.CompareOrdinal(_nameOf(a), _nameOf(b)));
            foreach (var record in CloneAll(snapshot))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new RegistryEvent<T>(record, Deleted: false);
            }

            var reader = subscriber.Channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    yield return item with { Record = item.Record.Clone() };
                }
            }

            if (subscriber.Overflowed)
            {
                throw new RegistryWatchOverflowException();
            }
        }
        finally
        {
            Unsubscribe(subscriber);
        }
    }

    public void Dispose()
    {
        List<Subscriber<T>> subscribers;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Core.NsmMetrics.Default.RegistryRecords.Add(-_records.Count, _kindTag);
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Channel.Writer.TryComplete();
        }
    }

    private List<T> CollectMatches(T? query)
    {
        var found = new List<T>();
        if (query is not null && _nameOf(query) is { Length: > 0 } name)
        {
            if (_records.TryGetValue(name, out var record) && _matches(query, record))
            {
                found.Add(record);
            }

            return found;
        }

        var candidates = query is null ? null : _index?.Candidates(query);
        foreach (var record in candidates ?? _records.Values)
        {
            if (_matches(query, record))
            {
                found.Add(record);
            }
        }

        return found;
    }

    private static List<T> CloneAll(List<T> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            records[i] = records[i].Clone();
        }

        return records;
    }

    private void Publish(RegistryEvent<T> registryEvent)
    {
        List<Subscriber<T>>? dropped = null;
        foreach (var subscriber in _subscribers)
        {
            if (!_matches(subscriber.Query, registryEvent.Record))
            {
                continue;
            }

            if (!subscriber.Channel.Writer.TryWrite(registryEvent))
            {
                subscriber.Overflowed = true;
                subscriber.Channel.Writer.TryComplete();
                (dropped ??= []).Add(subscriber);
            }
        }

        if (dropped is not null)
        {
            _subscribers = [.. _subscribers.Except(dropped)];
        }
    }

    private void Unsubscribe(Subscriber<T> subscriber)
    {
        lock (_lock)
        {
            if (_subscribers.Contains(subscriber))
            {
                _subscribers = [.. _subscribers.Where(s => s != subscriber)];
            }
        }

        subscriber.Channel.Writer.TryComplete();
    }
}
