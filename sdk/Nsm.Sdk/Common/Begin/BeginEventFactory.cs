using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Begin;

/// <summary>
/// The per-connection state of a begin element and the <see cref="IConnectionEventFactory"/> it hands to later
/// elements: every external call and every event of the connection runs on its <see cref="Executor"/>.
/// </summary>
internal sealed class BeginEventFactory(BeginCore owner, string id, NetworkServiceHandler next, TimeSpan? initialTimeout)
    : IConnectionEventFactory
{
    /// <summary>Gets the connection id.</summary>
    public string Id { get; } = id;

    /// <summary>Gets the executor that serializes the connection's calls and events.</summary>
    public SerialExecutor Executor { get; } = new();

    /// <summary>Gets or sets the state; touched only on <see cref="Executor"/>.</summary>
    public BeginState State { get; set; }

    /// <summary>Gets the last successful request, its connection being the last one the chain returned.</summary>
    public NetworkServiceRequest? Request { get; private set; }

    /// <summary>Gets the connection last returned to an external caller.</summary>
    public Connection? Returned { get; private set; }

    private NsmContext? ValueContext { get; set; }

    /// <inheritdoc />
    public Task<Connection> RequestAsync(EventRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Observe(Executor.RunAsync(() => RequestEventAsync(options, cancellationToken))).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        Observe(Executor.RunAsync(() => CloseEventAsync(cancellationToken))).WaitAsync(cancellationToken);

    /// <summary>Records a successful external Request.</summary>
    /// <param name="request">The request as sent down the chain.</param>
    /// <param name="conn">The returned connection.</param>
    /// <param name="values">The values of the request's context, captured when it entered begin.</param>
    public void Succeeded(NetworkServiceRequest request, Connection conn, NsmContext values)
    {
        // Request.Connection and Returned are never changed in place (only replaced or cloned on the way out),
        // so one copy serves both: each copy of a connection (path, tokens, maps) costs a few KiB per connection.
        var stored = conn.Clone();
        Request = request.Clone();
        Request.Connection = stored;
        Returned = stored;
        State = BeginState.Established;
        ValueContext = values;
    }

    /// <summary>Closes the stored connection through the rest of the chain with an event context; errors are logged.</summary>
    /// <returns>A task that completes when the rest of the chain has closed.</returns>
    public async Task CloseStoredAsync()
    {
        var (context, timeout) = NewEventContext(null);
        using (timeout)
        {
            try
            {
                await next.CloseAsync(Request!.Connection.Clone(), context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                context.Logger.LogWarning(ex, "begin: closing the previous connection {Id} failed", Id);
            }
        }
    }

    private async Task<Connection> RequestEventAsync(EventRequestOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (State != BeginState.Established || Request is null)
        {
            // Not (or no longer) established: nothing to re-request. Heal relies on this to stop.
            return Returned?.Clone() ?? new Connection { Id = Id };
        }

        var request = Request.Clone();
        if (options?.Reselect == true)
        {
            await CloseStoredAsync().ConfigureAwait(false);
            owner.Reselect(request);
        }

        var (context, timeout) = NewEventContext(options?.Timeout);
        using (timeout)
        {
            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            conn.State = Nsm.Api.NetworkService.State.Up;
            Request.Connection = conn.Clone();
            return conn;
        }
    }

    private async Task<bool> CloseEventAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Request is null || !owner.IsCurrentOrAbsent(this))
        {
            return false;
        }

        var (context, timeout) = NewEventContext(null);
        using (timeout)
        {
            try
            {
                await next.CloseAsync(Request.Connection.Clone(), context).ConfigureAwait(false);
            }
            finally
            {
                owner.AfterClose(this);
            }
        }

        return true;
    }

    private (NsmContext Context, CancellationTokenSource? Timeout) NewEventContext(TimeSpan? timeout)
    {
        var values = ValueContext!;
        var clock = values.Clock;
        var duration = timeout ?? initialTimeout;
        var cts = duration is { } d ? new CancellationTokenSource(d, clock) : null;
        var context = values.Fork(duration is { } t ? clock.GetUtcNow() + t : null, cts?.Token ?? default);
        context.Set(EventFactoryKeys.Begin, this);
        return (context, cts);
    }

    private static Task<T> Observe<T>(Task<T> task)
    {
        // The waiter may stop waiting (cancellation); keep a late failure from going unobserved.
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }
}

/// <summary>The life cycle of a connection in begin.</summary>
internal enum BeginState
{
    /// <summary>Created; the first Request has not succeeded yet.</summary>
    Initial,

    /// <summary>A Request succeeded; Close and events act on the stored connection.</summary>
    Established,

    /// <summary>Closed or failed; the state is gone from the map.</summary>
    Closed,
}
