using System.Threading.Channels;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using NsmPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Common.Monitor;

/// <summary>A stand-in for updatepath: takes the next path index with a fixed name and id, restores the caller's on return.</summary>
internal sealed class PathHop(string name, string id) : INetworkServiceServer, INetworkServiceClient
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var (prevIndex, prevId) = Enter(request.Connection);
        var conn = await next.RequestAsync(request, context);
        conn.Path.Index = prevIndex;
        conn.Id = prevId;
        return conn;
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        Enter(connection);
        await next.CloseAsync(connection, context);
    }

    private (uint Index, string Id) Enter(Connection c)
    {
        c.Path ??= new NsmPath();
        var prev = (c.Path.Index, c.Id);
        var my = c.Path.PathSegments.Count == 0 ? 0 : (int)c.Path.Index + 1;
        while (c.Path.PathSegments.Count <= my)
        {
            c.Path.PathSegments.Add(new PathSegment());
        }

        c.Path.PathSegments[my].Name = name;
        c.Path.PathSegments[my].Id = id;
        c.Path.Index = (uint)my;
        c.Id = id;
        return prev;
    }
}

/// <summary>Stores a call invoker in the client metadata, as dial/clientconn do.</summary>
internal sealed class StoreInvoker(CallInvoker invoker) : INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        context.MetadataMap(isClient: true).Store(GrpcCallContextKeys.ClientConnection, invoker);
        return next.RequestAsync(request, context);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
}

/// <summary>A call invoker that must never be used (tests replace the monitor client factory).</summary>
internal sealed class UnusedInvoker : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
}

/// <summary>Reads a monitor stream in the background so tests can wait for events.</summary>
internal sealed class EventReader : IAsyncDisposable
{
    private readonly Channel<ConnectionEvent> _events = Channel.CreateUnbounded<ConnectionEvent>();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _pump;

    public EventReader(IMonitorConnectionClient client, MonitorScopeSelector selector)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.MonitorConnectionsAsync(selector, _cts.Token))
                {
                    _events.Writer.TryWrite(e);
                }

                _events.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                _events.Writer.TryComplete(ex);
            }
        });
    }

    public async Task<ConnectionEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Reads until an event satisfies <paramref name="predicate"/>.</summary>
    public async Task<ConnectionEvent> WaitForAsync(Func<ConnectionEvent, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var e = await _events.Reader.ReadAsync(cts.Token);
            if (predicate(e))
            {
                return e;
            }
        }
    }

    /// <summary>Whether an event arrives within <paramref name="window"/>.</summary>
    public async Task<bool> AnyWithinAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            return await _events.Reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await _pump;
        _cts.Dispose();
    }
}

internal static class MonitorTestKit
{
    /// <summary>A connection as the hop at <paramref name="index"/> sees it, with path segments named after their ids.</summary>
    public static Connection Conn(int index, params string[] ids)
    {
        var c = new Connection { Id = ids[index], NetworkService = "svc", Path = new NsmPath { Index = (uint)index } };
        foreach (var id in ids)
        {
            c.Path.PathSegments.Add(new PathSegment { Id = id, Name = "name-" + id });
        }

        return c;
    }

    public static ConnectionEvent Update(Connection c, State state = State.Up)
    {
        var copy = c.Clone();
        copy.State = state;
        return new ConnectionEvent { Type = ConnectionEventType.Update, Connections = { [c.Id] = copy } };
    }

    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }
}
