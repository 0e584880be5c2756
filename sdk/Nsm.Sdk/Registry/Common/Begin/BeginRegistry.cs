using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Begin;

/// <summary>
/// Serializes Register and Unregister per record name, and stores the last registration so that refresh, heal and
/// expire can replay events from the element after begin through <see cref="RegistryBeginKeys.EventFactory"/>.
/// </summary>
/// <remarks>
/// Chain placement: early, after the path, token and authorization elements (which replayed events do not pass).
/// A call that already carries an event factory (a replay, or a nested chain) passes straight through.
/// The stored registration is the response with the request's name; for NSEs <c>expiration_time</c> is cleared so
/// a refresh asks anew. Replays get the remaining timeout of the call that first registered the name.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class BeginRegistry<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IDisposable
    where T : class
{
    private readonly ConcurrentDictionary<string, BeginEntry<T, TQuery, TResponse>> _entries = new(StringComparer.Ordinal);
    private readonly bool _server;
    private readonly bool _unregisterUnknown;

    /// <summary>Initializes the element.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="server">Whether this is the server variant (changes the empty-name message only).</param>
    /// <param name="unregisterUnknown">Whether an Unregister for an unknown name still calls next (NSE) or succeeds at once (NS).</param>
    protected BeginRegistry(RegistryKind<T, TQuery, TResponse> kind, bool server, bool unregisterUnknown)
    {
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        _server = server;
        _unregisterUnknown = unregisterUnknown;
    }

    /// <summary>Gets the number of names with state (for tests and leak checks).</summary>
    public int Count => _entries.Count;

    internal RegistryKind<T, TQuery, TResponse> Kind { get; }

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = Kind.NameOf(item);
        if (string.IsNullOrEmpty(name))
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, $"{Kind.TypeName}.Name {(_server ? "can not" : "must not")} be zero valued");
        }

        if (context.TryGet(RegistryBeginKeys.EventFactory, out _))
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }

        var entry = (await AcquireAsync(name, create: true, context.CancellationToken).ConfigureAwait(false))!;
        try
        {
            context.Set(RegistryBeginKeys.EventFactory, entry);
            T response;
            try
            {
                response = await next.RegisterAsync(item, context).ConfigureAwait(false);
            }
            catch when (!entry.Established)
            {
                Forget(entry);
                throw;
            }

            entry.Registration = ToRegistration(response, name);
            entry.Next = next;
            if (!entry.Established)
            {
                entry.Context = context.Fork(null, CancellationToken.None);
                entry.Timeout = context.RemainingTime;
                entry.Established = true;
            }

            return response;
        }
        finally
        {
            entry.Release();
        }
    }

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.TryGet(RegistryBeginKeys.EventFactory, out _))
        {
            await next.UnregisterAsync(item, context).ConfigureAwait(false);
            return;
        }

        var name = Kind.NameOf(item);
        var entry = await AcquireAsync(name, create: _unregisterUnknown, context.CancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return;
        }

        try
        {
            if (!_unregisterUnknown && !entry.Established)
            {
                return;
            }

            context.Set(RegistryBeginKeys.EventFactory, entry);
            var registration = entry.Registration is { } stored ? Kind.Clone(stored) : item;
            try
            {
                await next.UnregisterAsync(registration, context).ConfigureAwait(false);
            }
            finally
            {
                Forget(entry);
            }
        }
        finally
        {
            entry.Release();
        }
    }

    /// <summary>Cancels pending replays and forgets every registration.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            Forget(entry);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Builds the stored registration from a Register response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="name">The request's name.</param>
    /// <returns>The registration to replay.</returns>
    protected internal abstract T ToRegistration(T response, string name);

    internal void Forget(BeginEntry<T, TQuery, TResponse> entry)
    {
        _entries.TryRemove(new KeyValuePair<string, BeginEntry<T, TQuery, TResponse>>(entry.Name, entry));
        entry.Dispose();
    }

    private async Task<BeginEntry<T, TQuery, TResponse>?> AcquireAsync(string name, bool create, CancellationToken cancellationToken)
    {
        while (true)
        {
            BeginEntry<T, TQuery, TResponse>? entry;
            if (create)
            {
                entry = _entries.GetOrAdd(name, static (n, self) => new BeginEntry<T, TQuery, TResponse>(self, n), this);
            }
            else if (!_entries.TryGetValue(name, out entry))
            {
                return null;
            }

            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_entries.TryGetValue(name, out var current) && ReferenceEquals(current, entry))
            {
                return entry;
            }

            entry.Release(); // forgotten meanwhile: start again
        }
    }
}
