using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.ClientConn;

/// <summary>
/// Gives each registration a persistent connection slot (per name, from Register to Unregister) and each Find a
/// throw-away slot, for <c>dial</c> to fill.
/// </summary>
/// <remarks>Chain placement: after clienturl, before dial.</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class ClientConnRegistryClient<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IDisposable
    where T : class
{
    private readonly RegistryKind<T, TQuery, TResponse> _kind;
    private readonly ConcurrentDictionary<string, RegistryConnectionSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Initializes the element.</summary>
    /// <param name="kind">The record kind.</param>
    protected ClientConnRegistryClient(RegistryKind<T, TQuery, TResponse> kind) => _kind = kind ?? throw new ArgumentNullException(nameof(kind));

    /// <summary>Gets the number of registrations with a slot (for tests and leak checks).</summary>
    public int Count => _slots.Count;

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = _kind.NameOf(item);
        var isNew = !_slots.TryGetValue(name, out var slot);
        slot = _slots.GetOrAdd(name, static _ => new RegistryConnectionSlot());
        context.Set(RegistryConnectionSlot.Key, slot);
        try
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }
        catch when (isNew)
        {
            if (_slots.TryRemove(new KeyValuePair<string, RegistryConnectionSlot>(name, slot)))
            {
                slot.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var slot = new RegistryConnectionSlot();
        context.Set(RegistryConnectionSlot.Key, slot);
        await next.FindAsync(query, stream, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = _kind.NameOf(item);
        var slot = _slots.GetOrAdd(name, static _ => new RegistryConnectionSlot());
        context.Set(RegistryConnectionSlot.Key, slot);
        try
        {
            await next.UnregisterAsync(item, context).ConfigureAwait(false);
        }
        finally
        {
            if (_slots.TryRemove(new KeyValuePair<string, RegistryConnectionSlot>(name, slot)))
            {
                slot.Dispose();
            }
        }
    }

    /// <summary>Closes every connection.</summary>
    public void Dispose()
    {
        foreach (var name in _slots.Keys)
        {
            if (_slots.TryRemove(name, out var slot))
            {
                slot.Dispose();
            }
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The NetworkServiceEndpoint registry <c>clientconn</c> element.</summary>
public sealed class ClientConnNseClient() : ClientConnRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint),
    INetworkServiceEndpointRegistryClient;

/// <summary>The NetworkService registry <c>clientconn</c> element.</summary>
public sealed class ClientConnNsClient() : ClientConnRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service),
    INetworkServiceRegistryClient;
