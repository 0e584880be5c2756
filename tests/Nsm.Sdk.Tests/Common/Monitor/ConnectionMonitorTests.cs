using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Monitor;

public class ConnectionMonitorTests
{
    [Fact]
    public async Task Subscriber_gets_an_initial_state_transfer_at_once_even_when_empty()
    {
        var hub = new ConnectionMonitor();
        using var sub = hub.Subscribe(new MonitorScopeSelector());
        Assert.True(sub.Events.TryRead(out var first));
        Assert.Equal(ConnectionEventType.InitialStateTransfer, first.Type);
        Assert.Empty(first.Connections);

        hub.Send(Update(Conn(1, "nsc", "mgr")));
        var update = await sub.Events.ReadAsync();
        Assert.Equal(ConnectionEventType.Update, update.Type);
        Assert.Equal(1u, update.Connections["mgr"].Path.Index);
    }

    [Fact]
    public async Task Update_upserts_clones_delete_removes_and_late_subscribers_see_the_stored_state()
    {
        var hub = new ConnectionMonitor();
        var conn = Conn(1, "nsc", "mgr");
        var e = Update(conn);
        hub.Send(e);
        e.Connections["mgr"].NetworkService = "changed-after-send";
        Assert.Equal("svc", hub.GetConnections()["mgr"].NetworkService);

        hub.Send(Update(conn, State.RefreshRequested));
        using (var sub = hub.Subscribe(new MonitorScopeSelector()))
        {
            var initial = await sub.Events.ReadAsync();
            Assert.Equal(ConnectionEventType.InitialStateTransfer, initial.Type);
            Assert.Equal(State.RefreshRequested, initial.Connections["mgr"].State);
        }

        hub.Send(new ConnectionEvent { Type = ConnectionEventType.Delete, Connections = { ["mgr"] = conn } });
        Assert.Empty(hub.GetConnections());

        // INITIAL_STATE_TRANSFER cannot be injected.
        hub.Send(new ConnectionEvent { Type = ConnectionEventType.InitialStateTransfer, Connections = { ["x"] = Conn(0, "x") } });
        Assert.Empty(hub.GetConnections());
    }

    [Theory]
    [InlineData("nsc", "", true)] // the first segment's id
    [InlineData("mgr", "name-mgr", true)] // id and name of a middle segment
    [InlineData("", "name-fwd", true)] // empty id is a wildcard
    [InlineData("mgr", "name-fwd", false)] // both must match the same segment
    [InlineData("other", "", false)]
    public void Selector_matches_one_segment_anywhere_in_the_path(string id, string name, bool matches)
    {
        var hub = new ConnectionMonitor();
        hub.Send(Update(Conn(1, "nsc", "mgr", "fwd", "nse")));
        using var sub = hub.Subscribe(new MonitorScopeSelector { PathSegments = { new PathSegment { Id = id, Name = name } } });
        Assert.True(sub.Events.TryRead(out var initial));
        Assert.Equal(matches, initial.Connections.ContainsKey("mgr"));
    }

    [Theory]
    [InlineData(new[] { "mgr", "fwd" }, true)]
    [InlineData(new[] { "nsc", "mgr", "fwd", "nse" }, true)]
    [InlineData(new[] { "mgr", "nse" }, false)] // not contiguous
    [InlineData(new[] { "fwd", "mgr" }, false)] // wrong order
    [InlineData(new[] { "nsc", "mgr", "fwd", "nse", "more" }, false)]
    public void Selector_segments_must_be_a_contiguous_sub_sequence(string[] ids, bool matches)
    {
        var hub = new ConnectionMonitor();
        hub.Send(Update(Conn(1, "nsc", "mgr", "fwd", "nse")));
        var selector = new MonitorScopeSelector();
        selector.PathSegments.AddRange(ids.Select(i => new PathSegment { Id = i }));
        using var sub = hub.Subscribe(selector);
        Assert.True(sub.Events.TryRead(out var initial));
        Assert.Equal(matches, initial.Connections.Count == 1);
    }

    [Fact]
    public void Selector_filters_by_network_service_and_non_initial_events_need_a_match()
    {
        var hub = new ConnectionMonitor();
        using var svc = hub.Subscribe(new MonitorScopeSelector { NetworkServices = { "other", "svc" } });
        using var other = hub.Subscribe(new MonitorScopeSelector { NetworkServices = { "other" } });
        using var both = hub.Subscribe(new MonitorScopeSelector { NetworkServices = { "svc" }, PathSegments = { new PathSegment { Id = "nope" } } });
        foreach (var s in new[] { svc, other, both })
        {
            Assert.True(s.Events.TryRead(out var initial));
            Assert.Equal(ConnectionEventType.InitialStateTransfer, initial.Type);
        }

        hub.Send(Update(Conn(0, "a")));
        Assert.True(svc.Events.TryRead(out var e));
        Assert.Equal("a", Assert.Single(e.Connections).Key);
        Assert.False(other.Events.TryRead(out _));
        Assert.False(both.Events.TryRead(out _));
    }

    [Fact]
    public async Task A_slow_subscriber_is_dropped_without_holding_up_the_others()
    {
        var hub = new ConnectionMonitor(new ConnectionMonitorOptions { SubscriberBufferSize = 3 });
        using var slow = hub.Subscribe(new MonitorScopeSelector());
        using var fast = hub.Subscribe(new MonitorScopeSelector());
        var got = 0;
        for (var i = 0; i < 10; i++)
        {
            hub.Send(Update(Conn(0, "c" + i)));
            while (fast.Events.TryRead(out _))
            {
                got++;
            }
        }

        Assert.Equal(11, got); // initial + 10 updates
        Assert.Equal(1, hub.SubscriberCount);
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () =>
        {
            await foreach (var unused in slow.Events.ReadAllAsync())
            {
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Chain_token_ends_every_subscription_and_later_ones_at_once()
    {
        using var chain = new CancellationTokenSource();
        var hub = new ConnectionMonitor(new ConnectionMonitorOptions(), new NsmBuildContext { Lifetime = chain.Token });
        using var sub = hub.Subscribe(new MonitorScopeSelector());
        await chain.CancelAsync();
        Assert.Equal(0, hub.SubscriberCount);
        Assert.Single(await sub.Events.ReadAllAsync().ToListAsync()); // the initial event, then the end

        using var late = hub.Subscribe(new MonitorScopeSelector());
        Assert.Single(await late.Events.ReadAllAsync().ToListAsync());
        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task MonitorConnection_element_streams_from_the_hub_and_unsubscribes_when_the_caller_leaves()
    {
        var hub = new ConnectionMonitor();
        var client = new MonitorServerToClient(new MonitorConnectionServerChain(new MonitorConnectionServer(hub)));
        await using (var reader = new EventReader(client, new MonitorScopeSelector { PathSegments = { new PathSegment { Id = "nsc" } } }))
        {
            Assert.Equal(ConnectionEventType.InitialStateTransfer, (await reader.NextAsync()).Type);
            hub.Send(Update(Conn(0, "unrelated")));
            hub.Send(Update(Conn(1, "nsc", "mgr")));
            var e = await reader.NextAsync();
            Assert.Equal("mgr", Assert.Single(e.Connections).Key);
            Assert.Equal(1, hub.SubscriberCount);
        }

        await EventuallyAsync(() => hub.SubscriberCount == 0, "the subscriber to leave");
    }
}
