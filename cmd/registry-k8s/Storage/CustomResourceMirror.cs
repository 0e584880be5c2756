using Microsoft.Extensions.Logging;
using Nsm.Cmd.RegistryK8s.Kubernetes;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// Keeps a local copy of one custom resource type of the namespace in step with the Kubernetes API, as an informer
/// does: list, then watch from the list's resourceVersion; a watch that ends is opened again from the last version
/// seen; 410 Gone (the version was compacted away) lists again, and what the new list lacks is deleted locally.
/// Every change goes to <see cref="ICustomResourceSink{T}"/> in resourceVersion order: an event or a write's answer
/// older than what was already applied for that name is dropped, so this replica's own writes (applied at once, see
/// <see cref="Apply"/>) and the watch never take a record back in time.
/// </summary>
/// <typeparam name="T">The registry record.</typeparam>
internal sealed class CustomResourceMirror<T> : IAsyncDisposable
    where T : class
{
    private static readonly TimeSpan WatchTimeoutMargin = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Version, bool Deleted)> _versions = new(StringComparer.Ordinal);
    private readonly CustomResourceClient _api;
    private readonly ICustomResourceSink<T> _sink;
    private readonly CustomResourceMirrorOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private string _watchVersion = string.Empty;

    /// <summary>Initializes the mirror; <see cref="Start"/> starts it.</summary>
    /// <param name="api">The resource's API.</param>
    /// <param name="sink">Where changes go.</param>
    /// <param name="options">Timings and clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">Stops the mirror.</param>
    public CustomResourceMirror(CustomResourceClient api, ICustomResourceSink<T> sink, CustomResourceMirrorOptions options, ILogger logger, CancellationToken lifetime)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
    }

    /// <summary>Gets the number of lists done (the first one and one per 410 Gone or failure).</summary>
    public int Lists { get; private set; }

    /// <summary>Starts listing and watching in the background.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Waits for the first list to be applied.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once in sync.</returns>
    public Task WaitSyncedAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Applies an object this replica wrote (or a watch event), unless a newer version was applied already.</summary>
    /// <param name="resource">The object.</param>
    /// <param name="deleted">Whether it was deleted.</param>
    /// <returns>Whether it was applied.</returns>
    public bool Apply(CustomResource resource, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_lock)
        {
            if (_versions.TryGetValue(resource.Name, out var known) && !CustomResource.IsNewer(resource.ResourceVersion, known.Version))
            {
                return false;
            }

            _versions[resource.Name] = (resource.ResourceVersion, deleted);
            if (deleted)
            {
                _sink.Remove(resource.Name, resource);
                return true;
            }

            T record;
            try
            {
                record = _sink.Decode(resource);
            }
            catch (Exception ex) when (ex is FormatException or Nsm.Sdk.Registry.Matching.RegistryDocumentException)
            {
                RegistryK8sLog.BadObject(_logger, _api.Plural, resource.Name, ex.Message);
                _sink.Remove(resource.Name, resource);
                return false;
            }

            _sink.Put(record, resource);
            return true;
        }
    }

    /// <summary>Forgets a name this replica deleted (the watch's DELETED event, newer, is then a no-op).</summary>
    /// <param name="name">The name.</param>
    public void ApplyDeleted(string name)
    {
        lock (_lock)
        {
            if (_versions.TryGetValue(name, out var known) && !known.Deleted)
            {
                _versions[name] = (known.Version, true);
                _sink.Remove(name, null);
            }
        }
    }

    /// <summary>Gets the resourceVersion applied for a name, or <see langword="null"/> when it is not stored.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The version.</returns>
    public string? VersionOf(string name)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(name, out var known) && !known.Deleted ? known.Version : null;
        }
    }

    /// <summary>Stops the mirror.</summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(cancellationToken).ConfigureAwait(false);
                while (await WatchAsync(version, cancellationToken).ConfigureAwait(false) is { } last)
                {
                    version = last;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // the API failed, or answered something unexpected: list again after a pause
                RegistryK8sLog.WatchFailed(_logger, _api.Plural, _options.RetryDelay, ex);
                await Task.Delay(_options.RetryDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var (items, version) = await _api.ListAsync(cancellationToken).ConfigureAwait(false);
        Lists++;
        lock (_lock)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                listed.Add(item.Name);
                Apply(item, deleted: false);
            }

            foreach (var (name, known) in _versions.ToList())
            {
                if (listed.Contains(name))
                {
                    continue;
                }

                // Gone from the list: deleted while the watch was away (or a tombstone the list makes useless).
                _versions.Remove(name);
                if (!known.Deleted)
                {
                    _sink.Remove(name, null);
                }
            }
        }

        RegistryK8sLog.Synced(_logger, _api.Plural, items.Count, version);
        _synced.TrySetResult();
        return version;
    }

    // The last resourceVersion seen when the stream ended (watch again from there); null after 410 Gone (list again).
    // A watch that stays silent past its server-side timeout (a connection lost without a reset) is ended here.
    private async Task<string?> WatchAsync(string version, CancellationToken cancellationToken)
    {
        using var silent = new CancellationTokenSource(_options.WatchTimeout + WatchTimeoutMargin, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silent.Token);
        try
        {
            return await ReadWatchAsync(version, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (silent.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return _watchVersion;
        }
    }

    private async Task<string?> ReadWatchAsync(string version, CancellationToken cancellationToken)
    {
        _watchVersion = version;
        await foreach (var e in _api.WatchAsync(version, _options.WatchTimeout, cancellationToken).ConfigureAwait(false))
        {
            switch (e.Type)
            {
                case WatchEvent.Added or WatchEvent.Modified or WatchEvent.Deleted:
                    var resource = CustomResource.From(e.Object);
                    Apply(resource, e.Type == WatchEvent.Deleted);
                    version = _watchVersion = resource.ResourceVersion;
                    break;
                case WatchEvent.Bookmark:
                    version = _watchVersion = e.Object["metadata"]?["resourceVersion"]?.GetValue<string>() ?? version;
                    break;
                case WatchEvent.Error:
                    var error = CustomResourceClient.FromStatus(e.Object);
                    if (error.IsGone)
                    {
                        RegistryK8sLog.WatchGone(_logger, _api.Plural, version);
                        return null;
                    }

                    throw error;
            }
        }

        return version;
    }
}
