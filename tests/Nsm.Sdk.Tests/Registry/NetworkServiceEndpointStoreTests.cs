using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Memory;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class NetworkServiceEndpointStoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static NetworkServiceEndpoint Query(string? name = null, string? service = null)
    {
        var query = new NetworkServiceEndpoint { Name = name ?? string.Empty };
        if (service is not null)
        {
            query.NetworkServiceNames.Add(service);
        }

        return query;
    }

    [Fact]
    public void PutGetDelete()
    {
        using var store = new NetworkServiceEndpointStore();
        var stored = store.Put(Nse("a", "svc"));
        Assert.Equal("a", stored.Name);
        Assert.Equal(1, store.Count);
        Assert.Equal("a", store.Get("a")!.Name);
        Assert.Equal("a", store.Delete("a")!.Name);
        Assert.Null(store.Delete("a"));
        Assert.Null(store.Get("a"));
        Assert.Throws<ArgumentException>(() => store.Put(new NetworkServiceEndpoint()));
    }

    [Fact]
    public void ReturnedRecordsAreCopies()
    {
        using var store = new NetworkServiceEndpointStore();
        var input = Nse("a", "svc");
        var stored = store.Put(input);
        input.Url = "changed";
        stored.Url = "changed";
        store.Get("a")!.Url = "changed";
        Assert.Equal("tcp://a:5000", store.Find()[0].Url);
    }

    [Fact]
    public void KeepsInitialRegistrationTimeOnRefresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = clock });
        Assert.Equal(1000, store.Put(Nse("a", "svc")).InitialRegistrationTime.Seconds);
        clock.Advance(TimeSpan.FromSeconds(40));
        var refresh = Nse("a", "svc");
        refresh.InitialRegistrationTime = new Timestamp { Seconds = 5 };
        Assert.Equal(1000, store.Put(refresh).InitialRegistrationTime.Seconds);

        var incoming = Nse("b", "svc");
        incoming.InitialRegistrationTime = new Timestamp { Seconds = 7 };
        Assert.Equal(7, store.Put(incoming).InitialRegistrationTime.Seconds);
    }

    [Fact]
    public void FindAppliesQueryAndSortsByName()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(Nse("c", "svc"));
        store.Put(Nse("a", "svc"));
        store.Put(Nse("b", "other"));
        Assert.Equal(["a", "b", "c"], store.Find().Select(n => n.Name));
        Assert.Equal(["a", "c"], store.Find(Query(service: "svc")).Select(n => n.Name));
        Assert.Equal(["b"], store.Find(Query(name: "b")).Select(n => n.Name));
        Assert.Empty(store.Find(Query(name: "b", service: "svc")));
        Assert.Empty(store.Find(Query(service: "missing")));
        Assert.Equal(["b"], store.Find(new NetworkServiceEndpoint { Url = "b:" }).Select(n => n.Name));
    }

    [Fact]
    public void ServiceIndexFollowsReRegistration()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(Nse("a", "svc"));
        store.Put(Nse("a", "other"));
        Assert.Empty(store.Find(Query(service: "svc")));
        Assert.Single(store.Find(Query(service: "other")));
        store.Delete("a");
        Assert.Empty(store.Find(Query(service: "other")));
    }

    [Fact]
    public void FindOverTenThousandEndpointsUsesTheServiceIndex()
    {
        using var store = new NetworkServiceEndpointStore();
        for (var i = 0; i < 10_000; i++)
        {
            store.Put(Nse($"nse-{i:D5}", $"svc-{i % 100}", "app", "x"));
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(100, store.Find(Query(service: $"svc-{i % 100}")).Count);
        }

        watch.Stop();
        // a generous guard only (CI machines are shared); the structural check is below
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"100 indexed finds took {watch.Elapsed}");
        Assert.Single(store.Find(Query(name: "nse-04242")));
        Assert.Equal(10_000, store.Find().Count);
    }

    [Fact]
    public void ServiceIndexNarrowsCandidatesToTheSmallestBucket()
    {
        var index = new ServiceNameIndex();
        var records = Enumerable.Range(0, 10_000).Select(i => Nse($"n{i}", $"svc-{i % 100}")).ToList();
        foreach (var record in records)
        {
            index.Update(null, record);
        }

        var both = Nse("both", "svc-1");
        both.NetworkServiceNames.Add("rare");
        index.Update(null, both);
        Assert.Equal(101, index.Candidates(Query(service: "svc-1"))!.Count());
        var query = Query(service: "svc-1");
        query.NetworkServiceNames.Add("rare");
        Assert.Equal(["both"], index.Candidates(query)!.Select(n => n.Name));
        Assert.Empty(index.Candidates(Query(service: "missing"))!);
        Assert.Null(index.Candidates(new NetworkServiceEndpoint { Url = "x" }));
        index.Update(both, null);
        Assert.Empty(index.Candidates(query)!);
    }

    [Fact]
    public async Task WatchYieldsSnapshotThenEventsInOrder()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(Nse("b", "svc"));
        store.Put(Nse("a", "svc"));
        store.Put(Nse("x", "other"));
        using var cts = new CancellationTokenSource(Wait);
        await using var events = store.Watch(Query(service: "svc"), cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.Equal(("a", false), await Next(events));
        Assert.Equal(("b", false), await Next(events));
        Assert.Equal(1, store.WatcherCount);

        store.Put(Nse("y", "other"));   // not matching
        var refreshed = Nse("a", "svc");
        refreshed.Url = "tcp://new";
        store.Put(refreshed);
        store.Put(Nse("c", "svc"));
        store.Delete("x");              // not matching
        store.Delete("b");

        Assert.Equal(("a", false), await Next(events));
        Assert.Equal("tcp://new", events.Current.Record.Url);
        Assert.Equal(("c", false), await Next(events));
        Assert.Equal(("b", true), await Next(events));
        Assert.Equal("tcp://b:5000", events.Current.Record.Url); // last stored record
    }

    [Fact]
    public async Task DeleteEventCarriesRecordMatchingQueryEvenIfDeleteCallHasOnlyName()
    {
        using var store = new NetworkServiceEndpointStore();
        using var cts = new CancellationTokenSource(Wait);
        await using var events = store.Watch(Query(name: "a"), cts.Token).GetAsyncEnumerator(cts.Token);
        var pending = events.MoveNextAsync();
        await WaitFor(() => store.WatcherCount == 1);
        store.Put(Nse("a", "svc"));
        Assert.True(await pending);
        Assert.False(events.Current.Deleted);
        store.Delete("a");
        Assert.Equal(("a", true), await Next(events));
    }

    [Fact]
    public async Task CancellationReleasesTheWatcher()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(Nse("a", "svc"));
        using var cts = new CancellationTokenSource();
        var consumed = new List<string>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var e in store.Watch(null, cts.Token))
            {
                consumed.Add(e.Record.Name);
            }
        });

        await WaitFor(() => store.WatcherCount == 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer);
        Assert.Equal(0, store.WatcherCount);
        Assert.Equal(["a"], consumed);
        store.Put(Nse("b", "svc")); // no subscriber left to block
    }

    [Fact]
    public async Task BreakingOutOfWatchReleasesTheWatcher()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(Nse("a", "svc"));
        await foreach (var e in store.Watch(null))
        {
            Assert.Equal(1, store.WatcherCount);
            break;
        }

        Assert.Equal(0, store.WatcherCount);
    }

    [Fact]
    public async Task SlowWatcherOverflowsWithoutBlockingOthers()
    {
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { WatchCapacity = 2 });
        using var cts = new CancellationTokenSource(Wait);
        await using var slow = store.Watch(null, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = slow.MoveNextAsync();
        await WaitFor(() => store.WatcherCount == 1);
        for (var i = 0; i < 5; i++)
        {
            store.Put(Nse($"n{i}", "svc"));
        }

        Assert.Equal(0, store.WatcherCount);
        Assert.True(await first);

        // The pending read may take the first event before the queue fills, so up to capacity queued events
        // arrive before the overflow ends the stream; what matters is that it ends, and never blocked the puts.
        var delivered = 1;
        await Assert.ThrowsAsync<RegistryWatchOverflowException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
                delivered++;
            }
        });
        Assert.InRange(delivered, 2, 3);
    }

    [Fact]
    public async Task DisposeEndsWatches()
    {
        var store = new NetworkServiceEndpointStore();
        var names = new List<string>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var e in store.Watch(null))
            {
                names.Add(e.Record.Name);
            }
        });
        await WaitFor(() => store.WatcherCount == 1);
        store.Dispose();
        await consumer.WaitAsync(Wait);
        Assert.Throws<ObjectDisposedException>(() => store.Put(Nse("a", "svc")));
    }

    [Fact]
    public async Task ExpireAtDeletesAndPublishes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = clock });
        store.Put(Nse("a", "svc"));
        Assert.False(store.ExpireAt("missing", clock.GetUtcNow()));
        Assert.True(store.ExpireAt("a", clock.GetUtcNow().AddSeconds(60)));

        using var cts = new CancellationTokenSource(Wait);
        await using var events = store.Watch(Query(name: "a"), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(("a", false), await Next(events));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(store.Get("a"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(store.Get("a"));
        Assert.Equal(("a", true), await Next(events));
    }

    [Fact]
    public void ExpireAtReArmsAndDeleteCancels()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = clock });
        store.Put(Nse("a", "svc"));
        store.ExpireAt("a", clock.GetUtcNow().AddSeconds(60));
        clock.Advance(TimeSpan.FromSeconds(40));
        store.Put(Nse("a", "svc"));
        store.ExpireAt("a", clock.GetUtcNow().AddSeconds(60)); // refresh
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(store.Get("a"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(store.Get("a"));

        store.Put(Nse("b", "svc"));
        store.ExpireAt("b", clock.GetUtcNow().AddSeconds(10));
        store.Delete("b");
        store.Put(Nse("b", "svc"));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(store.Get("b")); // the cancelled timer did not delete the new registration
        Assert.False(store.CancelExpiry("b"));
    }

    [Fact]
    public void ExpireAtInThePastFiresAtOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = clock });
        store.Put(Nse("a", "svc"));
        store.ExpireAt("a", clock.GetUtcNow().AddSeconds(-5));
        clock.Advance(TimeSpan.Zero);
        Assert.Null(store.Get("a"));
    }

    [Fact]
    public async Task ConcurrentPutsAllReachTheWatcherInStoreOrder()
    {
        using var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { WatchCapacity = 10_000 });
        using var cts = new CancellationTokenSource(Wait);
        await using var events = store.Watch(null, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync();
        await WaitFor(() => store.WatcherCount == 1);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                store.Put(Nse($"t{t}-{i}", "svc"));
            }
        })));

        Assert.True(await first);
        var seen = 1;
        while (seen < 1600 && await events.MoveNextAsync())
        {
            seen++;
        }

        Assert.Equal(1600, seen);
        Assert.Equal(1600, store.Count);
    }

    private static async Task<(string Name, bool Deleted)> Next(IAsyncEnumerator<RegistryEvent<NetworkServiceEndpoint>> events)
    {
        Assert.True(await events.MoveNextAsync());
        return (events.Current.Record.Name, events.Current.Deleted);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(5);
        }
    }
}
