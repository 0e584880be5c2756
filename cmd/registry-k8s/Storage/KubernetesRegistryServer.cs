using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// The storing end of a registry chain over custom resources (upstream sdk-k8s <c>etcd</c>): Register writes the
/// object (<see cref="CustomResourceWriter"/>) then calls next; Unregister calls next then deletes the object (only
/// the version this replica last wrote, when it wrote one: a newer registration through another replica is kept);
/// Find answers from the local copy the <see cref="CustomResourceMirror{T}"/> keeps from the API's list and watch, so a
/// watching Find sees every replica's changes.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <typeparam name="TQuery">The Find query.</typeparam>
/// <typeparam name="TResponse">The Find response.</typeparam>
internal abstract class KubernetesRegistryServer<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IAsyncDisposable
    where T : class
{
    private readonly CustomResourceClient _api;
    private readonly IRegistryElement<T, TQuery, TResponse> _finder;
    private readonly TimeSpan _syncTimeout;
    private readonly TimeProvider _waitClock;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    /// <summary>Initializes the element.</summary>
    /// <param name="api">The API of the record's type.</param>
    /// <param name="sink">The local store's sink.</param>
    /// <param name="finder">Answers Find from the local store.</param>
    /// <param name="options">Timings.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">Stops the mirror.</param>
    protected KubernetesRegistryServer(
        CustomResourceClient api,
        ICustomResourceSink<T> sink,
        IRegistryElement<T, TQuery, TResponse> finder,
        RegistryK8sOptions options,
        ILogger logger,
        CancellationToken lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _finder = finder ?? throw new ArgumentNullException(nameof(finder));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _syncTimeout = options.SyncTimeout;
        _waitClock = options.Mirror.TimeProvider;
        Mirror = new CustomResourceMirror<T>(api, sink, options.Mirror, logger, lifetime);
        Mirror.Start();
    }

    /// <summary>Gets the local copy's mirror.</summary>
    public CustomResourceMirror<T> Mirror { get; }

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = NameOf(item);
        RegistryResources.ValidateName(_api.Kind, name);
        CustomResource written;
        try
        {
            written = await CustomResourceWriter.CreateOrReplaceAsync(_api, ToObject(item), context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException)
        {
            throw CustomResourceWriter.ToRpc(ex, $"register {_api.Plural}/{name}");
        }

        _written[written.Name] = written.ResourceVersion;
        Mirror.Apply(written, deleted: false);
        return await next.RegisterAsync(Decode(written), context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await Mirror.WaitSyncedAsync(context.CancellationToken).WaitAsync(_syncTimeout, _waitClock, context.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"find {_api.Plural}: not in sync with the Kubernetes API after {_syncTimeout.TotalSeconds:0} s (is it reachable, and may the registry's service account list and watch {_api.Plural}?)"));
        }

        await _finder.FindAsync(query, stream, context, next).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        var name = NameOf(item);
        if (name.Length == 0)
        {
            return;
        }

        RegistryResources.ValidateName(_api.Kind, name);
        _written.TryRemove(name, out var version);
        try
        {
            await _api.DeleteAsync(name, version, context.CancellationToken).ConfigureAwait(false);
            Mirror.ApplyDeleted(name);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound || ex.IsConflict)
        {
            // already gone, or registered again (by another replica) since this replica wrote it: that one stays
            RegistryK8sLog.DeleteSkipped(_logger, _api.Plural, name, version ?? "any", ex.Reason);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException)
        {
            throw CustomResourceWriter.ToRpc(ex, $"unregister {_api.Plural}/{name}");
        }
    }

    /// <summary>Stops the mirror.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public virtual ValueTask DisposeAsync() => Mirror.DisposeAsync();

    /// <summary>The record's name.</summary>
    /// <param name="item">The record.</param>
    /// <returns>The name.</returns>
    protected abstract string NameOf(T item);

    /// <summary>The record's object.</summary>
    /// <param name="item">The record.</param>
    /// <returns>The object.</returns>
    protected abstract JsonObject ToObject(T item);

    /// <summary>The object's record.</summary>
    /// <param name="resource">The object.</param>
    /// <returns>The record.</returns>
    protected abstract T Decode(CustomResource resource);
}
