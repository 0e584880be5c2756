using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Heal;

/// <summary>An event a <see cref="FakeBegin"/> received.</summary>
internal sealed record FakeEvent(string Id, EventRequestOptions Options)
{
    public bool Reselect => Options.Reselect;
}

/// <summary>
/// A stand-in for begin: serializes calls, puts a per-connection event factory in the context, and re-runs the
/// connection's last request through the rest of the chain on events, recording them.
/// </summary>
internal sealed class FakeBegin : INetworkServiceClient
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Factory> _byId = new();

    public ConcurrentQueue<FakeEvent> Events { get; } = new();

    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        await _gate.WaitAsync(context.CancellationToken);
        try
        {
            var factory = _byId.GetOrAdd(request.Connection.Id, id => new Factory(this, id));
            context.Set(EventFactoryKeys.Begin, factory);
            var conn = await next.RequestAsync(request, context);
            factory.Last = request.Clone();
            factory.Last.Connection = conn.Clone();
            factory.Values = context;
            factory.Next = next;
            return conn;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        await _gate.WaitAsync(context.CancellationToken);
        try
        {
            if (_byId.TryRemove(connection.Id, out var factory))
            {
                context.Set(EventFactoryKeys.Begin, factory);
                factory.Last = null;
            }

            await next.CloseAsync(connection, context);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Factory(FakeBegin owner, string id) : IConnectionEventFactory
    {
        public NetworkServiceRequest? Last { get; set; }

        public NsmContext? Values { get; set; }

        public NetworkServiceHandler? Next { get; set; }

        public async Task<Connection> RequestAsync(EventRequestOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner.Events.Enqueue(new FakeEvent(id, options ?? new EventRequestOptions()));
            await owner._gate.WaitAsync(cancellationToken);
            try
            {
                if (Last is null)
                {
                    return new Connection(); // closed: nothing to re-request
                }

                var conn = await Next!.RequestAsync(Last.Clone(), Values!.Fork(null, CancellationToken.None));
                Last.Connection = conn.Clone();
                return conn;
            }
            finally
            {
                owner._gate.Release();
            }
        }

        public Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

/// <summary>The next hop as the client sees it: counts requests, can fail, publishes like a monitor server.</summary>
internal sealed class NextHop(ConnectionMonitor hub) : INetworkServiceClient
{
    private int _requests;
    private int _closes;

    public int Requests => Volatile.Read(ref _requests);

    public int Closes => Volatile.Read(ref _closes);

    public volatile bool Fail;

    /// <summary>Gets or sets what a failing Request throws; a status the next hop answered by default.</summary>
    public Func<Exception> Failure { get; set; } = static () => new RpcException(new Status(StatusCode.Unavailable, "next hop down"));

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _requests);
        if (Fail)
        {
            return ValueTask.FromException<Connection>(Failure());
        }

        hub.Send(Update(Downstream(request.Connection)));
        return next.RequestAsync(request, context);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _closes);
        hub.Send(new ConnectionEvent { Type = ConnectionEventType.Delete, Connections = { ["mgr-" + connection.Id] = Downstream(connection) } });
        return next.CloseAsync(connection, context);
    }

    /// <summary>The connection as the next hop publishes it: its own id and index.</summary>
    public static Connection Downstream(Connection mine)
    {
        var c = mine.Clone();
        while (c.Path.PathSegments.Count < 2)
        {
            c.Path.PathSegments.Add(new PathSegment());
        }

        c.Path.PathSegments[1].Id = "mgr-" + mine.Id;
        c.Path.PathSegments[1].Name = "mgr";
        c.Path.Index = 1;
        c.Id = "mgr-" + mine.Id;
        return c;
    }
}

/// <summary>A monitor source that sends the initial state, then fails when told to.</summary>
internal sealed class BreakableMonitor(IMonitorConnectionClient inner) : IMonitorConnectionClient
{
    private TaskCompletionSource _break = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Opened;

    public void Break()
    {
        var old = _break;
        _break = new(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    public async IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Opened);
        var broken = _break.Task;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var events = inner.MonitorConnectionsAsync(selector, cts.Token).GetAsyncEnumerator(cts.Token);
        while (true)
        {
            var move = events.MoveNextAsync().AsTask();
            if (await Task.WhenAny(move, broken) == broken)
            {
                await cts.CancelAsync();
                try
                {
                    await move;
                }
                catch (OperationCanceledException)
                {
                }

                throw new RpcException(new Status(StatusCode.Unavailable, "connection to the next hop lost"));
            }

            if (!await move)
            {
                yield break;
            }

            yield return events.Current;
        }
    }
}

internal static class HealTestKit
{
    public static NetworkServiceRequest Request(string id = "nsc-1") =>
        new() { Connection = new Connection { Id = id, NetworkService = "svc", Path = new() { PathSegments = { new PathSegment { Id = id, Name = "nsc" } } } } };
}
