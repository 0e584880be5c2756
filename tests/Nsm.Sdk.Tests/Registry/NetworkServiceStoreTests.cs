using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Memory;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class NetworkServiceStoreTests
{
    [Fact]
    public void FindByNameAndPayload()
    {
        using var store = new NetworkServiceStore();
        store.Put(Ns("ip-svc"));
        store.Put(new NetworkService { Name = "eth-svc", Payload = "ETHERNET" });
        Assert.Equal(["eth-svc", "ip-svc"], store.Find().Select(n => n.Name));
        Assert.Equal(["ip-svc"], store.Find(new NetworkService { Name = "ip-svc", Payload = "IP" }).Select(n => n.Name));
        Assert.Empty(store.Find(new NetworkService { Name = "ip-svc", Payload = "ETHERNET" }));
        Assert.Equal(["eth-svc"], store.Find(new NetworkService { Payload = "ETHERNET" }).Select(n => n.Name));
        Assert.Empty(store.Find(new NetworkService { Name = "ip" }));
    }

    [Fact]
    public async Task WatchSeesSnapshotUpdatesAndDeletes()
    {
        using var store = new NetworkServiceStore();
        store.Put(Ns("svc"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var events = store.Watch(new NetworkService { Name = "svc" }, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.False(events.Current.Deleted);

        store.Put(Ns("other"));
        store.Put(Ns("svc", MatchOf(Labels("a", "b"))));
        store.Delete("svc");
        Assert.True(await events.MoveNextAsync());
        Assert.Single(events.Current.Record.Matches);
        Assert.False(events.Current.ToResponse().Deleted);
        Assert.True(await events.MoveNextAsync());
        Assert.True(events.Current.Deleted);
        Assert.Equal("svc", events.Current.ToResponse().NetworkService.Name);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());
        Assert.Equal(0, store.WatcherCount);
    }
}
