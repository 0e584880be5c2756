using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Common.UpstreamRefresh;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Heal;
using Nsm.Sdk.Tests.Common.Monitor;
using static Nsm.Sdk.Tests.Common.Heal.HealTestKit;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.UpstreamRefresh;

public sealed class UpstreamRefreshClientTests : IDisposable
{
    private readonly CancellationTokenSource _chain = new();
    private readonly FakeBegin _begin = new();
    private UpstreamRefreshClient _refresh = null!;

    public void Dispose()
    {
        _chain.Cancel();
        _chain.Dispose();
    }

    /// <summary>A client chain whose connections go to next hops by connection id (each with its own monitor hub).</summary>
    private NetworkServiceClientChain Chain(Func<string, ConnectionMonitor> hubFor, INetworkServiceClient nextHop, bool local = false, INetworkServiceClient? probe = null)
    {
        _refresh = new UpstreamRefreshClient(new UpstreamRefreshOptions
        {
            LocalNotifications = local,
            NextHopMonitor = (_, ctx) => new MonitorServerToClient(new MonitorConnectionServer(hubFor(ctx.Metadata!.ConnectionId))),
        }, new NsmBuildContext { Lifetime = _chain.Token });
        return new NetworkServiceClientChain(_begin, new MetadataClient(), new StoreInvoker(new UnusedInvoker()), _refresh, probe ?? Nsm.Sdk.Common.Null.NullClient.Instance, nextHop);
    }

    private static void AskRefresh(ConnectionMonitor hub, string id) =>
        hub.Send(Update(NextHop.Downstream(Request(id).Connection), State.RefreshRequested));

    [Fact]
    public async Task Refresh_requested_by_the_next_hop_re_requests_once_per_event()
    {
        var hub = new ConnectionMonitor();
        var nextHop = new NextHop(hub);
        var chain = Chain(_ => hub, nextHop);
        await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(1, _refresh.ActiveLoops);

        // Other states and other connections do not trigger it.
        hub.Send(Update(NextHop.Downstream(Request().Connection), State.Up));
        AskRefresh(hub, "someone-else");
        await Task.Delay(100);
        Assert.Empty(_begin.Events);

        AskRefresh(hub, "nsc-1");
        await EventuallyAsync(() => nextHop.Requests == 2, "the refresh");
        var e = Assert.Single(_begin.Events);
        Assert.False(e.Reselect);
        Assert.Equal("nsc-1", e.Id);

        // The refresh re-armed the loop: the next request from the next hop is honoured too.
        await EventuallyAsync(() => _refresh.ActiveLoops == 1 && hub.SubscriberCount == 1, "the loop to re-arm");
        AskRefresh(hub, "nsc-1");
        await EventuallyAsync(() => nextHop.Requests == 3, "the second refresh");
    }

    [Fact]
    public async Task Refresh_asked_while_the_client_still_processes_its_request_is_not_lost()
    {
        var hub = new ConnectionMonitor();
        var nextHop = new NextHop(hub);

        // The next hop asks for a refresh before the response reaches upstreamrefresh.
        var probe = new OnReturn(() => AskRefresh(hub, "nsc-1"));
        var chain = Chain(_ => hub, nextHop, probe: probe);
        await chain.RequestAsync(Request(), new NsmContext());
        probe.Action = null;
        await EventuallyAsync(() => nextHop.Requests == 2, "the refresh");
    }

    [Fact]
    public async Task Local_notifications_refresh_the_other_connections_of_the_client()
    {
        var hubs = new Dictionary<string, ConnectionMonitor> { ["c1"] = new(), ["c2"] = new() };
        var chain = Chain(id => hubs[id], new RoutingNextHop(hubs), local: true);
        await chain.RequestAsync(Request("c1"), new NsmContext());
        await chain.RequestAsync(Request("c2"), new NsmContext());
        Assert.Equal(2, _refresh.NotifierSubscribers);

        AskRefresh(hubs["c1"], "c1");
        await EventuallyAsync(() => _begin.Events.Count == 2, "both refreshes");
        Assert.Equal(["c1", "c2"], _begin.Events.Select(e => e.Id).Order());
        await Task.Delay(100);
        Assert.Equal(2, _begin.Events.Count); // the notified refresh does not notify again
    }

    [Fact]
    public async Task Without_local_notifications_only_the_asked_connection_refreshes()
    {
        var hubs = new Dictionary<string, ConnectionMonitor> { ["c1"] = new(), ["c2"] = new() };
        var chain = Chain(id => hubs[id], new RoutingNextHop(hubs));
        await chain.RequestAsync(Request("c1"), new NsmContext());
        await chain.RequestAsync(Request("c2"), new NsmContext());
        AskRefresh(hubs["c1"], "c1");
        await EventuallyAsync(() => !_begin.Events.IsEmpty, "the refresh");
        await Task.Delay(100);
        Assert.Equal("c1", Assert.Single(_begin.Events).Id);
    }

    [Fact]
    public async Task Local_notifier_is_available_to_later_elements()
    {
        var hub = new ConnectionMonitor();
        ILocalNotifier? seen = null;
        var chain = Chain(_ => hub, new NextHop(hub), local: true, probe: new Grab(ctx => seen = ctx.LocalNotifier()));
        await chain.RequestAsync(Request(), new NsmContext());
        Assert.NotNull(seen);
    }

    [Fact]
    public async Task Close_and_chain_token_stop_everything()
    {
        var hub = new ConnectionMonitor();
        var chain = Chain(_ => hub, new NextHop(hub), local: true);
        var c1 = await chain.RequestAsync(Request("c1"), new NsmContext());
        await chain.RequestAsync(Request("c2"), new NsmContext());
        Assert.Equal(2, _refresh.ActiveLoops);

        await chain.CloseAsync(c1, new NsmContext());
        Assert.Equal(1, _refresh.ActiveLoops);
        Assert.Equal(1, _refresh.NotifierSubscribers);

        await _chain.CancelAsync();
        await EventuallyAsync(() => _refresh.ActiveLoops == 0 && hub.SubscriberCount == 0, "loops to end");
        Assert.Empty(_begin.Events);
    }

    /// <summary>Runs an action when the response passes back through it.</summary>
    private sealed class OnReturn(Action? action) : INetworkServiceClient
    {
        public Action? Action { get; set; } = action;

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = await next.RequestAsync(request, context);
            Action?.Invoke();
            return conn;
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    private sealed class Grab(Action<NsmContext> action) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            action(context);
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    /// <summary>Next hops by connection id.</summary>
    private sealed class RoutingNextHop(Dictionary<string, ConnectionMonitor> hubs) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            new NextHop(hubs[request.Connection.Id]).RequestAsync(request, context, next);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
            new NextHop(hubs[connection.Id]).CloseAsync(connection, context, next);
    }
}
