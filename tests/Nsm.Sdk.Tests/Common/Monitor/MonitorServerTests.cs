using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Monitor;

public class MonitorServerTests
{
    private sealed class Toggle(Func<bool> fail) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            fail() ? ValueTask.FromException<Connection>(new InvalidOperationException("injected")) : next.RequestAsync(request, context);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
            fail() ? ValueTask.FromException(new InvalidOperationException("injected")) : next.CloseAsync(connection, context);
    }

    private sealed class GrabSink(List<IConnectionEventSink?> sinks) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            sinks.Add(context.EventSink());
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    private static NetworkServiceRequest Request() =>
        new() { Connection = new Connection { Id = "nsc-1", NetworkService = "svc", Path = new() { PathSegments = { new PathSegment { Id = "nsc-1", Name = "nsc" } } } } };

    [Fact]
    public async Task Request_publishes_update_keyed_by_own_segment_close_publishes_delete()
    {
        var monitor = new MonitorServer(new ConnectionMonitor(new ConnectionMonitorOptions()));
        var sinks = new List<IConnectionEventSink?>();
        var chain = new NetworkServiceServerChain(new PathHop("nse", "nse-1"), new MetadataServer(), monitor, new GrabSink(sinks));
        using var sub = monitor.Monitor.Subscribe(new MonitorScopeSelector { PathSegments = { new PathSegment { Id = "nsc-1" } } });
        Assert.True(sub.Events.TryRead(out _));

        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal("nsc-1", conn.Id);
        Assert.Same(monitor.Monitor, Assert.Single(sinks));
        Assert.True(sub.Events.TryRead(out var update));
        Assert.Equal(ConnectionEventType.Update, update.Type);
        var published = Assert.Single(update.Connections);
        Assert.Equal("nse-1", published.Key);
        Assert.Equal("nse-1", published.Value.Id);
        Assert.Equal(1u, published.Value.Path.Index);

        await chain.CloseAsync(conn, new NsmContext());
        Assert.True(sub.Events.TryRead(out var delete));
        Assert.Equal(ConnectionEventType.Delete, delete.Type);
        Assert.Equal("nse-1", Assert.Single(delete.Connections).Key);
        Assert.Empty(monitor.Monitor.GetConnections());
    }

    [Fact]
    public async Task A_failed_refresh_publishes_down_a_failed_first_request_publishes_nothing_a_failed_close_still_deletes()
    {
        var monitor = new MonitorServer(new ConnectionMonitor(new ConnectionMonitorOptions()));
        var fail = true;
        var chain = new NetworkServiceServerChain(new PathHop("nse", "nse-1"), new MetadataServer(), monitor, new Toggle(() => fail));
        using var sub = monitor.Monitor.Subscribe(new MonitorScopeSelector());
        Assert.True(sub.Events.TryRead(out _));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Request(), new NsmContext()));
        Assert.False(sub.Events.TryRead(out _));

        fail = false;
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.True(sub.Events.TryRead(out _));
        fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Request(), new NsmContext()));
        Assert.True(sub.Events.TryRead(out var down));
        Assert.Equal(State.Down, down.Connections["nse-1"].State);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.CloseAsync(conn, new NsmContext()));
        Assert.True(sub.Events.TryRead(out var delete));
        Assert.Equal(ConnectionEventType.Delete, delete.Type);
        Assert.Empty(monitor.Monitor.GetConnections());
    }
}
