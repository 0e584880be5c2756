using Nsm.Sdk.Builder;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Heal;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Monitor;

/// <summary>The shared next-hop watch as the monitor passthrough uses it.</summary>
public sealed class NextHopWatchTests : IDisposable
{
    private readonly CancellationTokenSource _chain = new();

    public void Dispose()
    {
        _chain.Cancel();
        _chain.Dispose();
    }

    [Fact]
    public async Task Passthrough_asks_a_next_hop_that_does_not_know_the_connection_again_on_the_context_clock_then_publishes_down()
    {
        var clock = new TimerCountingClock();
        var nextHop = new BreakableMonitor(new MonitorServerToClient(new MonitorConnectionServer(new ConnectionMonitor()))); // knows nothing
        var monitor = new MonitorServer(new ConnectionMonitor(new ConnectionMonitorOptions(), new NsmBuildContext { Lifetime = _chain.Token }), new MonitorServerOptions { NextHopMonitor = (_, _) => nextHop });
        var chain = new NetworkServiceServerChain(
            new PathHop("a", "a-1"),
            new MetadataServer(),
            monitor,
            new StoreInvoker(new UnusedInvoker()).AsServer());
        using var sub = monitor.Monitor.Subscribe(new MonitorScopeSelector { PathSegments = { new PathSegment { Id = "a-1" } } });
        await chain.RequestAsync(HealTestKit.Request(), new NsmContext(clock));

        await EventuallyAsync(() => nextHop.Opened == 1 && clock.Timers == 1, "the first stream and a retry wait on the context clock");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await EventuallyAsync(() => nextHop.Opened == 2 && clock.Timers == 2, "the second stream and the second retry wait");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await EventuallyAsync(() => nextHop.Opened == 3 && monitor.Monitor.GetConnections()["a-1"].State == State.Down, "DOWN after the third stream");
        Assert.Equal(0, monitor.ActiveLoops);
    }

    private sealed class TimerCountingClock : FakeTimeProvider
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
