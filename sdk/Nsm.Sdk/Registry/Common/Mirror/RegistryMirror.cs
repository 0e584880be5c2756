using Nsm.Sdk.Builder;
using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>
/// A local, watched copy of an upstream registry, so that the lookups on every Request and Close (discover,
/// discoverforwarder, netsvcmonitor) and the watches of every connection are answered in the process instead of
/// costing a round trip or a stream to the registry. One watch of all records keeps the copy current.
/// </summary>
/// <remarks>
/// Finds go upstream while the copy is not in sync (at start, after the watch broke), for queries of another domain
/// (<c>name@domain</c>), and when the copy has nothing for a query (a record registered a moment ago elsewhere may not
/// have arrived yet; an empty answer is never trusted). Register and Unregister go upstream and then update the copy,
/// so that a component reads its own writes.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RegistryMirror<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IAsyncDisposable
    where T : class
{
    private readonly RegistryKind<T, TQuery, TResponse> _kind;
    private readonly IRegistryElement<T, TQuery, TResponse> _source;
    private readonly IRegistryElement<T, TQuery, TResponse> _memory;
    private readonly RegistryMirrorOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly RegistryMirrorStore<T> _store;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<string, long> _touched = new(StringComparer.Ordinal);
    private Task _run = Task.CompletedTask;
    private long _generation;
    private long _lastEvent;
    private volatile bool _inSync;

    /// <summary>Initializes a new instance of the <see cref="RegistryMirror{T, TQuery, TResponse}"/> class; the derived class calls <see cref="Start"/>.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="source">The upstream registry client the mirror watches.</param>
    /// <param name="memory">The memory element over the local store.</param>
    /// <param name="store">Read access to that store.</param>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context (clock, logger, lifetime).</param>
    protected RegistryMirror(
        RegistryKind<T, TQuery, TResponse> kind,
        IRegistryElement<T, TQuery, TResponse> source,
        IRegistryElement<T, TQuery, TResponse> memory,
        RegistryMirrorStore<T> store,
        RegistryMirrorOptions? options,
        NsmBuildContext? context = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _kind = kind ?? throw new ArgumentNullException(nameof(kind));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _options = options ?? new RegistryMirrorOptions();
        context ??= NsmBuildContext.Default;
        _clock = context.TimeProvider;
        _logger = context.CreateLogger("Nsm.Sdk.Registry.Mirror");
        _stop = CancellationTokenSource.CreateLinkedTokenSource(context.Lifetime);
    }

    /// <summary>Gets a value indicating whether the copy is in sync with upstream and answers Finds.</summary>
    public bool InSync => _inSync;

    /// <summary>Gets how many records the copy holds.</summary>
    public int Count => _store.Count();

    /// <inheritdoc/>
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var registered = await next.RegisterAsync(item, context).ConfigureAwait(false);
        await ApplyAsync(registered, deleted: false).ConfigureAwait(false);
        return registered;
    }

    /// <inheritdoc/>
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(next);
        if (!_inSync || !IsLocal(query))
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        if (_kind.IsWatch(query))
        {
            await _memory.FindAsync(query, stream, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
            return;
        }

        // One match of the store per lookup: its answer (copies) is sent as it is, or, when empty, not trusted.
        var found = _store.Find(RecordOf(query));
        if (found.Count == 0)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        foreach (var record in found)
        {
            await stream.WriteAsync(ToResponse(record)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        await ApplyAsync(item, deleted: true).ConfigureAwait(false);
    }

    /// <summary>Stops the watch and releases the copy.</summary>
    /// <returns>A task that completes when the watch has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _store.Owner.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts watching upstream; called once by the derived class when its store is ready.</summary>
    protected void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The query for every record.</summary>
    /// <param name="watch">Whether the query watches.</param>
    /// <returns>The query.</returns>
    protected abstract TQuery AllQuery(bool watch);

    /// <summary>Whether a query is about this domain (no <c>@domain</c> part) and may be answered from the copy.</summary>
    /// <param name="query">The query.</param>
    /// <returns><see langword="true"/> when the copy may answer.</returns>
    protected abstract bool IsLocal(TQuery query);

    /// <summary>The record part of a query (what the store matches against).</summary>
    /// <param name="query">The query.</param>
    /// <returns>The record, or <see langword="null"/> for "everything".</returns>
    protected abstract T? RecordOf(TQuery query);

    /// <summary>The Find response that carries a record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The response.</returns>
    protected abstract TResponse ToResponse(T record);

    private IReadOnlyList<T> All() => _store.Find(null);

    private bool Holds(string name) => _store.Get(name) is not null;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var watchStart = Interlocked.Read(ref _generation) + 1;
            using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = WatchAsync(watchStop.Token);
            string reason;
            try
            {
                await SyncAsync(watch, watchStart, cancellationToken).ConfigureAwait(false);
                await watch.ConfigureAwait(false);
                reason = "the upstream stream ended";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reason = ex.Message;
            }
            finally
            {
                _inSync = false;
                await watchStop.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            RegistryMirrorLog.WatchEnded(_logger, _kind.TypeName, reason);
            try
            {
                await Task.Delay(_options.RetryDelay, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var context = new NsmContext(_clock, _logger, deadline: null, cancellationToken);
        await foreach (var response in _source.FindAllAsync(AllQuery(watch: true), context, cancellationToken).ConfigureAwait(false))
        {
            var (item, deleted) = _kind.Read(response);
            if (item is not null)
            {
                await ApplyAsync(item, deleted).ConfigureAwait(false);
            }
        }
    }

    // In sync once the watch has gone quiet and holds everything a one-shot Find returns; records the new watch never
    // mentioned went away while nobody watched and are dropped.
    private async Task SyncAsync(Task watch, long watchStart, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.WhenAny(watch, Task.Delay(_options.QuietPeriod, _clock, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (watch.IsCompleted)
            {
                return;
            }

            if (_clock.GetElapsedTime(Interlocked.Read(ref _lastEvent)) < _options.QuietPeriod)
            {
                continue;
            }

            var context = new NsmContext(_clock, _logger, deadline: null, cancellationToken);
            var snapshot = await _source.FindListAsync(AllQuery(watch: false), context, _kind.Read).ConfigureAwait(false);
            if (!snapshot.TrueForAll(item => Holds(_kind.NameOf(item))))
            {
                continue;
            }

            foreach (var stale in All().Where(item => _touched.GetValueOrDefault(_kind.NameOf(item)) < watchStart))
            {
                await ApplyAsync(stale, deleted: true).ConfigureAwait(false);
            }

            _inSync = true;
            var count = All().Count;
            RegistryMirrorLog.InSync(_logger, _kind.TypeName, count);
            return;
        }
    }

    private async ValueTask ApplyAsync(T item, bool deleted)
    {
        var name = _kind.NameOf(item);
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        _touched[name] = Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _lastEvent, _clock.GetTimestamp());
        var context = new NsmContext(_clock, _logger);
        if (deleted)
        {
            await _memory.UnregisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        }
        else
        {
            await _memory.RegisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        }
    }
}
