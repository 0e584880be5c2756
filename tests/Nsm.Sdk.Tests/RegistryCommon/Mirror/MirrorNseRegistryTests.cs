using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.Mirror;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Tests.RegistryCommon.Mirror;

/// <summary>The mirror against a real memory registry served over gRPC on a unix socket.</summary>
public sealed class MirrorNseRegistryTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-mirror-" + Guid.NewGuid().ToString("N")[..8]);
    private MemoryRegistryServer _registry = new();
    private NsmGrpcServer? _server;
    private EndpointRegistryClient? _upstream;
    private CountingFinds? _counter;
    private MirrorNseRegistry? _mirror;
    private NetworkServiceEndpointRegistryClientChain? _client;

    private Uri Url => new("unix://" + Path.Combine(_dir, "registry.sock"));

    public async Task InitializeAsync()
    {
        _server = await NsmGrpcServer.StartAsync([Url], _registry.Chains);
        _upstream = new EndpointRegistryClient(new RegistryClientOptions { RegistryUrl = Url, RefreshEnabled = false, HealEnabled = false, RetryEnabled = false });
        _counter = new CountingFinds();
        var source = new NetworkServiceEndpointRegistryClientChain(_counter, _upstream);
        _mirror = new MirrorNseRegistry(source, new RegistryMirrorOptions { QuietPeriod = TimeSpan.FromMilliseconds(20), RetryDelay = TimeSpan.FromMilliseconds(50) });
        _client = new NetworkServiceEndpointRegistryClientChain(_mirror, _counter, _upstream);
    }

    public async Task DisposeAsync()
    {
        await _mirror!.DisposeAsync();
        await _upstream!.DisposeAsync();
        await _server!.DisposeAsync();
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Syncs_records_that_exist_and_answers_finds_locally()
    {
        await _upstream!.RegisterAsync(Nse("a", "svc"), new NsmContext());
        await _upstream.RegisterAsync(Nse("b", "other"), new NsmContext());
        await Eventually.TrueAsync(() => _mirror!.InSync && _mirror.Count == 2, "mirror in sync");
        var before = _counter!.OneShotFinds;

        var found = await _client!.FindEndpointsAsync(new NetworkServiceEndpoint { NetworkServiceNames = { "svc" } }, new NsmContext());

        Assert.Equal("a", Assert.Single(found).Name);
        Assert.Equal(before, _counter.OneShotFinds);
    }

    [Fact]
    public async Task Registers_upstream_and_reads_its_own_write_at_once()
    {
        await Eventually.TrueAsync(() => _mirror!.InSync, "mirror in sync");

        await _client!.RegisterAsync(Nse("new", "svc"), new NsmContext());

        Assert.NotNull(_registry.EndpointStore.Get("new"));
        Assert.Equal(1, _mirror!.Count);
        var before = _counter!.OneShotFinds;
        Assert.Equal("new", Assert.Single(await _client.FindEndpointsAsync(new NetworkServiceEndpoint { Name = "new" }, new NsmContext())).Name);
        Assert.Equal(before, _counter.OneShotFinds);
    }

    [Fact]
    public async Task Follows_changes_and_deletions_made_by_others()
    {
        await Eventually.TrueAsync(() => _mirror!.InSync, "mirror in sync");

        await _upstream!.RegisterAsync(Nse("x", "svc"), new NsmContext());
        await Eventually.TrueAsync(() => _mirror!.Count == 1, "registration mirrored");
        await _upstream.UnregisterAsync(Nse("x", "svc"), new NsmContext());
        await Eventually.TrueAsync(() => _mirror!.Count == 0, "deletion mirrored");
    }

    [Fact]
    public async Task Nothing_local_or_another_domain_goes_upstream()
    {
        await Eventually.TrueAsync(() => _mirror!.InSync, "mirror in sync");
        var before = _counter!.OneShotFinds;

        Assert.Empty(await _client!.FindEndpointsAsync(new NetworkServiceEndpoint { Name = "missing" }, new NsmContext()));
        Assert.Empty(await _client!.FindEndpointsAsync(new NetworkServiceEndpoint { Name = "nse@other.domain" }, new NsmContext()));

        Assert.Equal(before + 2, _counter.OneShotFinds);
    }

    [Fact]
    public async Task Upstream_restart_resyncs_and_drops_what_went_away_meanwhile()
    {
        await _upstream!.RegisterAsync(Nse("old", "svc"), new NsmContext());
        await Eventually.TrueAsync(() => _mirror!.InSync && _mirror.Count == 1, "mirror in sync");

        await _server!.DisposeAsync();
        _registry.Dispose();
        _registry = new MemoryRegistryServer();
        _server = await NsmGrpcServer.StartAsync([Url], _registry.Chains);
        _registry.EndpointStore.Put(Nse("fresh", "svc"));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<NetworkServiceEndpoint> found;
        do
        {
            await Task.Delay(20);
            found = await _client!.FindEndpointsAsync(new NetworkServiceEndpoint { NetworkServiceNames = { "svc" } }, new NsmContext());
        }
        while (!(_mirror!.InSync && found.Count == 1 && found[0].Name == "fresh") && DateTime.UtcNow < deadline);

        Assert.True(_mirror.InSync);
        Assert.Equal("fresh", Assert.Single(found).Name);
        Assert.Equal(1, _mirror.Count);
    }

    private static NetworkServiceEndpoint Nse(string name, string service) => new()
    {
        Name = name,
        Url = "unix:///tmp/" + name + ".sock",
        NetworkServiceNames = { service },
    };

    /// <summary>Counts the one-shot (non-watch) Finds that reach upstream.</summary>
    private sealed class CountingFinds : INetworkServiceEndpointRegistryClient
    {
        private int _oneShot;

        public int OneShotFinds => Volatile.Read(ref _oneShot);

        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next) => next.RegisterAsync(item, context);

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
        {
            if (!query.Watch && query.NetworkServiceEndpoint is { } q && (q.Name.Length > 0 || q.NetworkServiceNames.Count > 0))
            {
                Interlocked.Increment(ref _oneShot);
            }

            return next.FindAsync(query, stream, context);
        }

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next) => next.UnregisterAsync(item, context);
    }
}
