using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Sdk.Tests.RegistryCommon.Memory;

public sealed class MemoryRegistryServerTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-mem-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly MemoryRegistryServer _registry = new();
    private NsmGrpcServer? _server;

    private Uri Url => new("unix://" + Path.Combine(_dir, "registry.sock"));

    public async Task InitializeAsync() => _server = await NsmGrpcServer.StartAsync([Url], _registry.Chains);

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Find_without_watch_sends_matches_and_ends()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        await client.RegisterAsync(new NetworkServiceEndpoint { Name = "a", NetworkServiceNames = { "svc" } });
        await client.RegisterAsync(new NetworkServiceEndpoint { Name = "b", NetworkServiceNames = { "other" } });

        using var call = client.Find(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() { NetworkServiceNames = { "svc" } } });
        var all = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal("a", Assert.Single(all).NetworkServiceEndpoint.Name);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Find_with_watch_sends_snapshot_then_updates_and_deletions_until_cancelled()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        await client.RegisterAsync(new NetworkServiceEndpoint { Name = "a" });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = client.Find(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() { Name = "a" }, Watch = true }, cancellationToken: cts.Token);
        var stream = call.ResponseStream;
        Assert.True(await stream.MoveNext(cts.Token));
        Assert.False(stream.Current.Deleted);

        await client.RegisterAsync(new NetworkServiceEndpoint { Name = "a", Url = "tcp://1.2.3.4:5" });
        Assert.True(await stream.MoveNext(cts.Token));
        Assert.Equal("tcp://1.2.3.4:5", stream.Current.NetworkServiceEndpoint.Url);

        await client.UnregisterAsync(new NetworkServiceEndpoint { Name = "a" });
        Assert.True(await stream.MoveNext(cts.Token));
        Assert.True(stream.Current.Deleted);
        Assert.Equal("tcp://1.2.3.4:5", stream.Current.NetworkServiceEndpoint.Url);

        Assert.Equal(1, _registry.EndpointStore.WatcherCount);
        await cts.CancelAsync();
        await Eventually.TrueAsync(() => _registry.EndpointStore.WatcherCount == 0, "watcher released");
    }

    [Fact]
    public async Task Ns_register_with_empty_payload_reads_back_as_IP()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceRegistry.NetworkServiceRegistryClient(channel);
        await client.RegisterAsync(new NetworkService { Name = "svc" });
        using var call = client.Find(new NetworkServiceQuery { NetworkService = new() { Name = "svc" } });
        var all = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal("IP", Assert.Single(all).NetworkService.Payload);
    }

    [Fact]
    public async Task Nse_without_name_is_invalid_argument()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterAsync(new NetworkServiceEndpoint()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("NetworkServiceEndpoint.Name can not be zero valued", ex.Status.Detail);
    }

    [Fact]
    public async Task Find_without_watch_sends_every_match_in_name_order_across_several_batches()
    {
        // 600 answers of ~200 bytes: more than one batch of the server's buffered writes.
        var padding = new string('x', 150);
        for (var i = 0; i < 600; i++)
        {
            _registry.EndpointStore.Put(new NetworkServiceEndpoint { Name = $"nse-{i:D4}", Url = "tcp://" + padding, NetworkServiceNames = { "svc" } });
        }

        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        using var call = client.Find(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() { NetworkServiceNames = { "svc" } } });
        var all = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"nse-{i:D4}"), all.Select(r => r.NetworkServiceEndpoint.Name));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Find_into_a_message_safe_writer_sends_the_stored_records_and_into_any_other_writer_copies()
    {
        _registry.EndpointStore.Put(new NetworkServiceEndpoint { Name = "a", NetworkServiceNames = { "svc" } });
        var stored = Assert.Single(_registry.EndpointStore.FindShared(null));
        var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() { NetworkServiceNames = { "svc" } } };

        var safe = new SafeWriter();
        await _registry.EndpointChain.FindAsync(query, safe, new NsmContext());
        Assert.Same(stored, Assert.Single(safe.Written).NetworkServiceEndpoint);

        var copies = await _registry.EndpointChain.FindListAsync(query, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        var copy = Assert.Single(copies);
        Assert.NotSame(stored, copy);
        copy.Url = "changed";
        Assert.Equal(string.Empty, Assert.Single(_registry.EndpointStore.Find()).Url);
    }

    private sealed class SafeWriter : IMessageSafeStreamWriter<NetworkServiceEndpointResponse>
    {
        public List<NetworkServiceEndpointResponse> Written { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            Written.Add(message);
            return Task.CompletedTask;
        }
    }
}
