using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Begin;

namespace Nsm.Sdk.Registry.Common.Heal;

/// <summary>
/// Keeps a registration alive across registry (or nsmgr) restarts: after a successful Register it watches the
/// record by name through the rest of the chain, and when that watch ends or fails it re-registers once through
/// <c>begin</c> (which opens a new watch). Watch Finds passing through are re-opened when they fail.
/// </summary>
/// <remarks>
/// Chain placement: after begin and retry (so the re-registration is retried), before refresh and the dial/connect
/// elements (the watch needs its own connection). Unregister stops the watch first. Unlike upstream, a failure to open
/// the watch does not fail the Register: it triggers the re-registration instead; re-opened watch Finds wait
/// <see cref="ReopenDelay"/> between attempts instead of spinning.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class HealRegistryClient<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IAsyncDisposable
    where T : class
{
    /// <summary>The pause between two attempts to re-open a failed watch Find: 200 ms.</summary>
    public static readonly TimeSpan ReopenDelay = TimeSpan.FromMilliseconds(200);

    private static readonly NsmContextKey<bool> Nested = new("registry.heal.nested");
    private readonly RegistryKind<T, TQuery, TResponse> _kind;
    private readonly ConcurrentDictionary<string, HealWatcher> _watchers = new(StringComparer.Ordinal);

    /// <summary>Initializes the element.</summary>
    /// <param name="kind">The record kind.</param>
    protected HealRegistryClient(RegistryKind<T, TQuery, TResponse> kind) => _kind = kind ?? throw new ArgumentNullException(nameof(kind));

    /// <summary>Gets the number of running registration watches (for tests and leak checks).</summary>
    public int WatcherCount => _watchers.Count;

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var response = await next.RegisterAsync(_kind.Clone(item), context).ConfigureAwait(false);
        var name = _kind.NameOf(item);
        var watcher = new HealWatcher(name);
        if (_watchers.TryRemove(name, out var previous))
        {
            previous.Cancel();
        }

        _watchers[name] = watcher;
        var watchContext = context.Fork(null, watcher.Token);
        watchContext.Set(Nested, true);
        context.TryGet(RegistryBeginKeys.EventFactory, out var factory);
        watcher.Task = WatchAndDisposeAsync(watcher, name, watchContext, next, factory);
        return response;
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!_kind.IsWatch(query) || context.TryGet(Nested, out _))
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        var inner = context.Fork(context.Deadline, context.CancellationToken);
        inner.Set(Nested, true);
        while (!context.CancellationToken.IsCancellationRequested)
        {
            try
            {
                await next.FindAsync(query, stream, inner).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
            {
                RegistryCommonLog.HealReopen(context.Logger, ex);
            }

            await Task.Delay(ReopenDelay, context.Clock, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_watchers.TryRemove(_kind.NameOf(item), out var watcher))
        {
            watcher.Cancel();
        }

        await next.UnregisterAsync(item, context).ConfigureAwait(false);
    }

    /// <summary>Stops every watch and waits for them to end.</summary>
    /// <returns>A task that completes when all watches have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        var tasks = new List<Task>();
        foreach (var name in _watchers.Keys)
        {
            if (_watchers.TryRemove(name, out var watcher))
            {
                watcher.Cancel();
                tasks.Add(watcher.Task);
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private async Task WatchAsync(HealWatcher watcher, string name, NsmContext context, RegistryHandler<T, TQuery, TResponse> next, IRegistryEventFactory? factory)
    {
        await Task.Yield();
        try
        {
            await next.FindAsync(_kind.NameQuery(name, watch: true), DiscardWriter.Instance, context).ConfigureAwait(false);
            RegistryCommonLog.HealWatchEnded(context.Logger, name, "stream ended");
        }
        catch (Exception ex) when (!watcher.Token.IsCancellationRequested)
        {
            RegistryCommonLog.HealWatchEnded(context.Logger, name, ex.Message);
        }
        catch (Exception) when (watcher.Token.IsCancellationRequested)
        {
            return;
        }

        if (watcher.Token.IsCancellationRequested || factory is null)
        {
            return;
        }

        _watchers.TryRemove(new KeyValuePair<string, HealWatcher>(name, watcher));
        watcher.Cancel();
        await factory.RegisterAsync().ConfigureAwait(false);
    }

    private async Task WatchAndDisposeAsync(HealWatcher watcher, string name, NsmContext context, RegistryHandler<T, TQuery, TResponse> next, IRegistryEventFactory? factory)
    {
        try
        {
            await WatchAsync(watcher, name, context, next, factory).ConfigureAwait(false);
        }
        finally
        {
            watcher.Dispose();
        }
    }

    private sealed class DiscardWriter : IAsyncStreamWriter<TResponse>
    {
        public static readonly DiscardWriter Instance = new();

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(TResponse message) => Task.CompletedTask;
    }
}

/// <summary>The NetworkServiceEndpoint registry <c>heal</c> client element; see <see cref="HealRegistryClient{T, TQuery, TResponse}"/>.</summary>
public sealed class HealNseClient() : HealRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint),
    INetworkServiceEndpointRegistryClient;

/// <summary>The NetworkService registry <c>heal</c> client element; see <see cref="HealRegistryClient{T, TQuery, TResponse}"/>.</summary>
public sealed class HealNsClient() : HealRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service),
    INetworkServiceRegistryClient;
