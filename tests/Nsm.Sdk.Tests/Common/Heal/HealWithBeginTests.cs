using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Common.UpstreamRefresh;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Monitor;
using static Nsm.Sdk.Tests.Common.Heal.HealTestKit;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Heal;

/// <summary>Heal and upstreamrefresh with the real begin element: events re-enter the chain without deadlocks.</summary>
public sealed class HealWithBeginTests : IDisposable
{
    private readonly CancellationTokenSource _chain = new();
    private readonly ConnectionMonitor _hub = new();

    public void Dispose()
    {
        _chain.Cancel();
        _chain.Dispose();
    }

    [Fact]
    public async Task Reselect_through_begin_closes_the_old_path_re_requests_and_close_stops_everything()
    {
        var nextHop = new NextHop(_hub);
        var heal = new HealClient(new HealOptions
        {
            NextHopMonitor = (_, _) => new MonitorServerToClient(new MonitorConnectionServer(_hub)),
        }, new NsmBuildContext { Lifetime = _chain.Token });
        var refresh = new UpstreamRefreshClient(new UpstreamRefreshOptions
        {
            NextHopMonitor = (_, _) => new MonitorServerToClient(new MonitorConnectionServer(_hub)),
        }, new NsmBuildContext { Lifetime = _chain.Token });
        var chain = new NetworkServiceClientChain(new BeginClient(), new MetadataClient(), new StoreInvoker(new UnusedInvoker()), heal, refresh, nextHop);

        var conn = await chain.RequestAsync(Request(), new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(5)));
        _hub.Send(Update(NextHop.Downstream(conn), State.Down));
        await EventuallyAsync(() => nextHop.Requests == 2 && nextHop.Closes == 1, "reselect: close then request");
        await EventuallyAsync(() => heal.ActiveLoops == 1 && refresh.ActiveLoops == 1 && _hub.SubscriberCount == 2, "monitoring again");

        _hub.Send(Update(NextHop.Downstream(conn), State.RefreshRequested));
        await EventuallyAsync(() => nextHop.Requests == 3, "the upstream refresh");
        Assert.Equal(1, nextHop.Closes);

        await chain.CloseAsync(conn, new NsmContext());
        await EventuallyAsync(() => heal.ActiveLoops == 0 && refresh.ActiveLoops == 0 && _hub.SubscriberCount == 0, "nothing left running");
        Assert.Equal(2, nextHop.Closes);
    }

    [Fact]
    public async Task Close_during_endless_healing_through_begin_returns_and_stops_the_loop()
    {
        var nextHop = new NextHop(_hub);
        var heal = new HealClient(new HealOptions
        {
            NextHopMonitor = (_, _) => new MonitorServerToClient(new MonitorConnectionServer(_hub)),
            FirstRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        }, new NsmBuildContext { Lifetime = _chain.Token });
        var chain = new NetworkServiceClientChain(new BeginClient(), new MetadataClient(), new StoreInvoker(new UnusedInvoker()), heal, nextHop);
        var conn = await chain.RequestAsync(Request(), new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(5)));
        nextHop.Fail = true;
        _hub.Send(Update(NextHop.Downstream(conn), State.Down));
        await EventuallyAsync(() => nextHop.Requests >= 4, "several heal attempts");

        var close = chain.CloseAsync(conn, new NsmContext()).AsTask();
        Assert.Same(close, await Task.WhenAny(close, Task.Delay(5000)));
        // The loop's end is the positive signal that no attempt can follow.
        await EventuallyAsync(() => heal.ActiveLoops == 0, "the heal loop to end");
    }
}
