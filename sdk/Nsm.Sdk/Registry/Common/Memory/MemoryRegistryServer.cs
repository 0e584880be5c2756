using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Registry.Common.Memory;

/// <summary>
/// Stores registrations in an in-memory store: Register calls next and stores the response under its name
/// (watchers get an update), Unregister deletes by name (watchers get <c>deleted = true</c>) and calls next.
/// Find with <c>watch = false</c> sends the current matches and ends; with <c>watch = true</c> it sends the current
/// matches, then every matching update and deletion until the call is cancelled.
/// </summary>
/// <remarks>
/// Chain placement: the storing end of a registry server chain (after begin, setregistrationtime and expire).
/// As upstream, the NSE variant calls next Find before watching and the NS variant after the watch ends.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class MemoryRegistryServer<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
    where T : class
{
    private readonly RegistryKind<T, TQuery, TResponse> _kind;
    private readonly bool _nextFirst;

    /// <summary>Initializes the element.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="nextFirst">Whether a watch Find calls next before (NSE) or after (NS) watching.</param>
    protected MemoryRegistryServer(RegistryKind<T, TQuery, TResponse> kind, bool nextFirst)
    {
        _kind = kind ?? throw new ArgumentNullException(nameof(kind));
        _nextFirst = nextFirst;
    }

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var response = await next.RegisterAsync(item, context).ConfigureAwait(false);
        return Put(response);
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!_kind.IsWatch(query))
        {
            // A writer that only serializes gets the stored records themselves (they are never changed once stored).
            foreach (var response in stream is IMessageSafeStreamWriter<TResponse> ? SharedSnapshot(query) : Snapshot(query))
            {
                await stream.WriteAsync(response).ConfigureAwait(false);
            }

            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        if (_nextFirst)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
        }

        try
        {
            await foreach (var response in Watch(query, context.CancellationToken).ConfigureAwait(false))
            {
                await stream.WriteAsync(response).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // the watcher went away: the watch ends normally
        }

        if (!_nextFirst && !context.CancellationToken.IsCancellationRequested)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Delete(_kind.NameOf(item));
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
    }

    /// <summary>Stores a record.</summary>
    /// <param name="item">The record.</param>
    /// <returns>The stored copy.</returns>
    protected abstract T Put(T item);

    /// <summary>Deletes a record by name.</summary>
    /// <param name="name">The name.</param>
    protected abstract void Delete(string name);

    /// <summary>The current matches.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The responses.</returns>
    protected abstract IEnumerable<TResponse> Snapshot(TQuery query);

    /// <summary>The current matches, for a writer that neither changes nor keeps them (<see cref="IMessageSafeStreamWriter{T}"/>).</summary>
    /// <param name="query">The query.</param>
    /// <returns>The responses; they may hold the stored records themselves.</returns>
    private protected virtual IEnumerable<TResponse> SharedSnapshot(TQuery query) => Snapshot(query);

    /// <summary>The current matches and then the matching events.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The responses.</returns>
    protected abstract IAsyncEnumerable<TResponse> Watch(TQuery query, CancellationToken cancellationToken);
}
