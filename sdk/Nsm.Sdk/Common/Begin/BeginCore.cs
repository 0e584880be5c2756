using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Begin;

/// <summary>The algorithm shared by <see cref="BeginServer"/> and <see cref="BeginClient"/>.</summary>
/// <param name="isClient">Whether this is the client half (merge on re-request, reselect events).</param>
/// <param name="reselect">What a reselect event does to the stored request.</param>
internal sealed class BeginCore(bool isClient, Action<NetworkServiceRequest> reselect)
{
    private readonly ConcurrentDictionary<string, BeginEventFactory> _factories = new(StringComparer.Ordinal);

    private static NsmContextKey<IConnectionEventFactory> Key => EventFactoryKeys.Begin;

    public int Count => _factories.Count;

    public void Reselect(NetworkServiceRequest request) => reselect(request);

    public bool IsCurrentOrAbsent(BeginEventFactory factory) =>
        !_factories.TryGetValue(factory.Id, out var current) || ReferenceEquals(current, factory);

    public void AfterClose(BeginEventFactory factory)
    {
        factory.State = BeginState.Closed;
        _factories.TryRemove(new KeyValuePair<string, BeginEventFactory>(factory.Id, factory));
    }

    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.TryGet(Key, out _))
        {
            // Only the outermost begin acts: this call is an event, or an outer begin (the server half of an nsmgr,
            // forwarder or endpoint) already owns the connection's life cycle.
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var id = request.Connection?.Id;
        if (string.IsNullOrEmpty(id))
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, "connection id must not be empty");
        }

        // The values as they enter begin, for the events of this connection (upstream's context values).
        var values = context.Fork(null, default);
        while (true)
        {
            var factory = _factories.GetOrAdd(id, static (i, s) => new BeginEventFactory(s.Core, i, s.Next, s.Timeout), (Core: this, Next: next, Timeout: Clamp(context.RemainingTime)));
            var result = await factory.Executor.RunAsync(() => RequestSerializedAsync(factory, request, context, next, values)).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            // The factory was closed and replaced while this call waited: start again with the current one.
        }
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.TryGet(Key, out _))
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
            return;
        }

        if (!_factories.TryGetValue(connection.Id, out var factory))
        {
            return; // unknown connection: a Close does not propagate
        }

        await factory.Executor.RunAsync(async () =>
        {
            if (factory.State != BeginState.Established || !IsCurrentOrAbsent(factory) || factory.Request is null)
            {
                return false;
            }

            context.Set(Key, factory);
            try
            {
                // Close always uses the last connection the chain returned, not the one the caller passed.
                await next.CloseAsync(factory.Request.Connection.Clone(), context).ConfigureAwait(false);
            }
            finally
            {
                AfterClose(factory);
            }

            return true;
        }).ConfigureAwait(false);
    }

    private async Task<Connection?> RequestSerializedAsync(
        BeginEventFactory factory, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next, NsmContext values)
    {
        if (!_factories.TryGetValue(factory.Id, out var current) || !ReferenceEquals(current, factory))
        {
            return null;
        }

        try
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!isClient && factory.State == BeginState.Established && request.Connection.State == State.ReselectRequested)
            {
                // The caller asks for another path: tear down the old one at this hop first.
                await factory.CloseStoredAsync().ConfigureAwait(false);
                factory.State = BeginState.Closed;
            }

            if (isClient)
            {
                request.Connection = ConnectionMerge.Merge(factory.Returned, request.Connection, factory.Request?.Connection);
            }

            context.Set(Key, factory);
            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            conn.State = State.Up;
            factory.Succeeded(request, conn, values);
            return conn;
        }
        catch when (factory.State != BeginState.Established)
        {
            // A failed first Request (or a failed Request after a reselect) leaves nothing behind; a failed
            // refresh keeps the established state.
            AfterClose(factory);
            throw;
        }
    }

    private static TimeSpan? Clamp(TimeSpan? timeout) => timeout is { } t && t < TimeSpan.Zero ? TimeSpan.Zero : timeout;
}
