using Nsm.Sdk.Builder;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Metrics;
using Nsm.Sdk.Tests.Common.Monitor;
using static Nsm.Sdk.Tests.Common.Heal.HealTestKit;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Heal;

public sealed class HealClientTests : IDisposable
{
    private readonly CancellationTokenSource _chain = new();
    private readonly ConnectionMonitor _hub = new();
    private readonly FakeBegin _begin = new();
    private readonly NextHop _nextHop;
    private readonly BreakableMonitor _monitor;
    private HealClient _heal = null!;

    public HealClientTests()
    {
        _nextHop = new NextHop(_hub);
        _monitor = new BreakableMonitor(new MonitorServerToClient(new MonitorConnectionServer(_hub)));
    }

    public void Dispose()
    {
        _chain.Cancel();
        _chain.Dispose();
    }

    private NetworkServiceClientChain Chain(HealOptions? options = null, bool withInvoker = true, TimeProvider? clock = null)
    {
        _heal = new HealClient((options ?? new HealOptions()) with
        {
            NextHopMonitor = (_, _) => _monitor,
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(40),
        }, clock is null ? new NsmBuildContext { Lifetime = _chain.Token } : new NsmBuildContext { Lifetime = _chain.Token, TimeProvider = clock });
        return new NetworkServiceClientChain(
            [_begin, new MetadataClient(), .. withInvoker ? [new StoreInvoker(new UnusedInvoker())] : Array.Empty<INetworkServiceClient>(), _heal, _nextHop]);
    }

    private void PublishDown() => _hub.Send(Update(NextHop.Downstream(Request().Connection), State.Down));

    [Fact]
    public async Task Control_plane_down_event_without_liveness_check_reselects_and_monitoring_resumes()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(1, _heal.ActiveLoops);
        Assert.Empty(_begin.Events);

        PublishDown();
        await EventuallyAsync(() => _nextHop.Requests == 2, "the heal request");
        Assert.True(Assert.Single(_begin.Events).Reselect);
        await EventuallyAsync(() => _monitor.Opened == 2 && _heal.ActiveLoops == 1, "monitoring of the healed connection");

        // Healed connection is watched again: a second loss heals again.
        PublishDown();
        await EventuallyAsync(() => _nextHop.Requests == 3, "the second heal request");
    }

    [Fact]
    public async Task Control_plane_stream_error_without_liveness_check_reselects()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), new NsmContext());
        _monitor.Break();
        await EventuallyAsync(() => !_begin.Events.IsEmpty, "a heal event");
        Assert.True(Assert.Single(_begin.Events).Reselect);
    }

    [Fact]
    public async Task Control_plane_loss_with_a_live_data_plane_restores()
    {
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true) });
        await chain.RequestAsync(Request(), new NsmContext());
        _monitor.Break();
        await EventuallyAsync(() => !_begin.Events.IsEmpty, "a heal event");
        Assert.False(Assert.Single(_begin.Events).Reselect);
    }

    [Fact]
    public async Task Restores_the_next_hop_keeps_refusing_turn_into_a_reselect_after_the_restore_timeout()
    {
        // A dead endpoint whose namespace lives on: the data plane answers, nsmgr answers every restore with an error.
        var clock = new FakeTimeProvider();
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true), RestoreTimeout = TimeSpan.FromMilliseconds(100) }, clock: clock);
        await chain.RequestAsync(Request(), new NsmContext(clock));
        _nextHop.Fail = true;
        _monitor.Break();
        await DriveUntilAsync(clock, () => _begin.Events.Any(e => e.Reselect), "a reselect");
        var events = _begin.Events.ToArray();
        Assert.False(events[0].Reselect);
        Assert.True(events.Count(e => !e.Reselect) >= 2, "restores first");
        Assert.True(events[^1].Reselect);
    }

    [Fact]
    public async Task A_restore_refused_with_not_found_reselects_at_once()
    {
        // The endpoint died with its namespace pinned: the data plane answers, but the path names a process that is gone.
        var clock = new FakeTimeProvider();
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true), RestoreTimeout = TimeSpan.FromMinutes(10) }, clock: clock);
        await chain.RequestAsync(Request(), new NsmContext(clock));
        _nextHop.Failure = static () => new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.NotFound, "sendfd: cannot pass file:///proc/4242/ns/net: process 4242 is gone"));
        _nextHop.Fail = true;
        _monitor.Break();
        await DriveUntilAsync(clock, () => _begin.Events.Any(e => e.Reselect), "a reselect");
        var events = _begin.Events.ToArray();
        Assert.Equal([false, true], events.Take(2).Select(e => e.Reselect));
    }

    [Fact]
    public async Task Restores_that_cannot_reach_the_next_hop_stay_restores()
    {
        // nsmgr restarting: its socket refuses; a reselect would rebuild the interface for nothing.
        var clock = new FakeTimeProvider();
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true), RestoreTimeout = TimeSpan.FromMilliseconds(100) }, clock: clock);
        await chain.RequestAsync(Request(), new NsmContext(clock));
        _nextHop.Failure = static () => new Nsm.Sdk.Common.Dial.NextHopUnreachableException("unix:///nsm.io.sock refused");
        _nextHop.Fail = true;
        _monitor.Break();
        await DriveUntilAsync(clock, () => _begin.Events.Count >= 12, "twelve attempts (over 300 ms of the clock)");
        Assert.All(_begin.Events, e => Assert.False(e.Reselect));
    }

    private static async Task DriveUntilAsync(FakeTimeProvider clock, Func<bool> done, string what)
    {
        for (var i = 0; i < 2000 && !done(); i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }

        Assert.True(done(), "timed out waiting for " + what);
    }

    [Fact]
    public async Task Data_plane_failure_reselects_on_the_liveness_clock()
    {
        // Other tests' heal loops count on the same meter: the counts here are lower bounds.
        using var metrics = new MetricsRecorder(m => m.Name == NsmDiagnostics.Meter.Name);
        var clock = new FakeTimeProvider();
        var alive = true;
        var checks = 0;
        var chain = Chain(new HealOptions
        {
            LivenessCheck = (_, _) =>
            {
                Interlocked.Increment(ref checks);
                return ValueTask.FromResult(Volatile.Read(ref alive));
            },
        });
        await chain.RequestAsync(Request(), new NsmContext(clock));

        // The checks run on the liveness clock: only moving it makes them happen.
        while (Volatile.Read(ref checks) < 2)
        {
            clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(5);
        }

        Assert.Empty(_begin.Events);
        Volatile.Write(ref alive, false);
        while (_begin.Events.IsEmpty)
        {
            clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(5);
        }

        Assert.True(_begin.Events.First().Reselect);
        Assert.True(metrics.Sum(NsmMetricNames.LivenessChecks, (NsmMetricNames.LivenessResultTag, "alive")) >= 2, "the checks that passed are counted");
        Assert.True(metrics.Sum(NsmMetricNames.LivenessChecks, (NsmMetricNames.LivenessResultTag, "dead")) >= 1, "the one that failed is counted");
    }

    [Fact]
    public async Task A_liveness_check_that_hangs_counts_as_dead_after_its_timeout()
    {
        using var metrics = new MetricsRecorder(m => m.Name == NsmDiagnostics.Meter.Name);
        var clock = new FakeTimeProvider();
        var chain = Chain(new HealOptions
        {
            LivenessCheck = async (_, ct) =>
            {
                await Task.Delay(System.Threading.Timeout.Infinite, CancellationToken.None);
                return true;
            },
        });
        await chain.RequestAsync(Request(), new NsmContext(clock));
        while (_begin.Events.IsEmpty)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.True(_begin.Events.First().Reselect);
        Assert.True(metrics.Sum(NsmMetricNames.LivenessChecks, (NsmMetricNames.LivenessResultTag, "timeout")) >= 1, "the timed-out check is counted");
    }

    [Fact]
    public async Task Heal_retries_with_backoff_until_success()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), new NsmContext());
        _nextHop.Fail = true;
        PublishDown();
        await EventuallyAsync(() => _begin.Events.Count >= 3, "three attempts");
        Assert.All(_begin.Events, e => Assert.True(e.Reselect));
        _nextHop.Fail = false;
        var attempts = _begin.Events.Count;
        await EventuallyAsync(() => _heal.ActiveLoops == 1 && _monitor.Opened == 2, "healed and monitoring again");
        Assert.InRange(_begin.Events.Count, attempts, attempts + 1);
    }

    [Fact]
    public async Task Close_stops_healing_and_leaves_nothing_running()
    {
        var chain = Chain();
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        _nextHop.Fail = true;
        PublishDown();
        await EventuallyAsync(() => _begin.Events.Count >= 2, "heal attempts");

        await chain.CloseAsync(conn, new NsmContext());
        // The loop's end is the positive signal that no attempt can follow.
        await EventuallyAsync(() => _heal.ActiveLoops == 0, "the heal loop to end");
        Assert.Equal(0, _hub.SubscriberCount);
    }

    [Fact]
    public async Task Close_of_a_healthy_connection_stops_monitoring_at_once()
    {
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true) });
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        await EventuallyAsync(() => _hub.SubscriberCount == 1, "the subscription");
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal(0, _heal.ActiveLoops);
        await EventuallyAsync(() => _hub.SubscriberCount == 0, "the subscription to end");
        Assert.Empty(_begin.Events);
    }

    [Fact]
    public async Task Chain_token_stops_every_loop()
    {
        var chain = Chain(new HealOptions { LivenessCheck = (_, _) => ValueTask.FromResult(true) });
        await chain.RequestAsync(Request(), new NsmContext());
        await _chain.CancelAsync();
        await EventuallyAsync(() => _heal.ActiveLoops == 0, "loops to end");
        Assert.Empty(_begin.Events);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_monitoring_so_a_dead_next_hop_still_heals()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), new NsmContext());
        _nextHop.Fail = true;
        await Assert.ThrowsAnyAsync<Exception>(async () => await chain.RequestAsync(Request(), new NsmContext()));
        Assert.Equal(1, _heal.ActiveLoops);
        Assert.Empty(_begin.Events);

        _nextHop.Fail = false;
        PublishDown();
        await EventuallyAsync(() => !_begin.Events.IsEmpty, "a heal event");
    }

    [Fact]
    public async Task Without_a_call_invoker_nothing_is_watched()
    {
        var chain = Chain(withInvoker: false);
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(0, _heal.ActiveLoops);
        Assert.Equal(0, _monitor.Opened);
        await chain.CloseAsync(conn, new NsmContext());
    }

    [Fact]
    public async Task When_monitoring_cannot_start_the_request_fails_and_the_connection_is_closed()
    {
        var heal = new HealClient(new HealOptions { NextHopMonitor = (_, _) => new FailingMonitor() }, new NsmBuildContext { Lifetime = _chain.Token });
        var chain = new NetworkServiceClientChain(_begin, new MetadataClient(), new StoreInvoker(new UnusedInvoker()), heal, _nextHop);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Request(), new NsmContext()));
        Assert.Equal(1, _nextHop.Closes);
        Assert.Equal(0, heal.ActiveLoops);
    }

    private sealed class FailingMonitor : IMonitorConnectionClient
    {
        public async IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("no monitor");
#pragma warning disable CS0162
            yield break;
#pragma warning restore CS0162
        }
    }
}
