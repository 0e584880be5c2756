using Nsm.Sdk.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.Heal;
using Nsm.Sdk.Registry.Common.Refresh;
using Nsm.Sdk.Tests.RegistryCommon;

namespace Nsm.Sdk.Tests.RegistryChains;

public sealed class RegistryClientChainTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-chain-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private MemoryRegistryServer? _registry;
    private NsmGrpcServer? _server;

    private Uri Url => new("unix://" + Path.Combine(_dir, "registry.sock"));

    public async Task InitializeAsync()
    {
        _registry = new MemoryRegistryServer(new MemoryRegistryOptions(), new NsmBuildContext { TimeProvider = _clock });
        _server = await NsmGrpcServer.StartAsync([Url], _registry.Chains, clock: _clock);
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _registry!.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Options_Ctor_Ok_defaults()
    {
        var o = new RegistryClientOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(300), o.DialTimeout);
        Assert.True(o.RefreshEnabled);
        Assert.True(o.HealEnabled);
        Assert.Null(o.RegistryUrl);
        Assert.Equal(TimeSpan.FromMinutes(1), new MemoryRegistryOptions().DefaultExpiration);
    }

    [Fact]
    public async Task Nse_client_keeps_its_registration_alive_past_one_minute_then_unregisters_without_leaks()
    {
        var client = new EndpointRegistryClient(new RegistryClientOptions { RegistryUrl = Url });
        await using (client)
        {
            var registered = await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1", Url = "tcp://10.0.0.9:5003", NetworkServiceNames = { "svc" } }, new NsmContext(_clock));
            Assert.NotNull(registered.ExpirationTime);
            await Eventually.TrueAsync(() => _registry!.EndpointStore.WatcherCount == 1, "heal watch open");

            for (var round = 0; round < 4; round++)
            {
                var before = _registry!.EndpointStore.Get("nse-1")!.ExpirationTime;
                _clock.Advance(TimeSpan.FromSeconds(40)); // refresh at 2/3 of 60 s; the registry would expire at 45 s
                await Eventually.TrueAsync(
                    () => !Equals(_registry.EndpointStore.Get("nse-1")?.ExpirationTime, before) && Element<RefreshNseClient>(client).Count == 1,
                    $"refresh {round} stored and re-armed");
            }

            Assert.NotNull(_registry!.EndpointStore.Get("nse-1")); // 160 s later, still registered

            await client.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse-1" }, new NsmContext(_clock));
            Assert.Null(_registry.EndpointStore.Get("nse-1"));

            Assert.Equal(0, Element<RefreshNseClient>(client).Count);
            Assert.Equal(0, Element<HealNseClient>(client).WatcherCount);
            await Eventually.TrueAsync(() => _registry.EndpointStore.WatcherCount == 0, "server watcher released");
            Assert.Equal(0, _registry.PendingExpiries);
        }
    }

    [Fact]
    public async Task Heal_re_registers_after_the_registry_loses_the_record()
    {
        var client = new EndpointRegistryClient(new RegistryClientOptions { RegistryUrl = Url, RefreshEnabled = false });
        await using (client)
        {
            await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-2", Url = "tcp://10.0.0.9:5003" }, new NsmContext(_clock));
            await Eventually.TrueAsync(() => _registry!.EndpointStore.WatcherCount == 1, "heal watch open");

            using (var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                await _server!.StopAsync(stop.Token); // a registry restart: the watch stream breaks
            }

            await _server.DisposeAsync();
            _registry!.EndpointStore.Delete("nse-2");
            _server = await NsmGrpcServer.StartAsync([Url], _registry.Chains, clock: _clock);
            await Eventually.TrueAsync(() => _registry.EndpointStore.Get("nse-2") is not null, "re-registration", 10000, () => _clock.Advance(TimeSpan.FromMilliseconds(50)));

            await client.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse-2" }, new NsmContext(_clock));
            await Eventually.TrueAsync(() => _registry.EndpointStore.WatcherCount == 0, "server watcher released");
        }
    }

    [Fact]
    public async Task Ns_client_registers_through_the_chain_and_DI_builds_both_sides()
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddNsmRegistryServer()
            .AddNsmRegistryClient(o => o with { RegistryUrl = Url });
        await using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<NsmServerChains>().EndpointRegistry);

        var ns = provider.GetRequiredService<ServiceRegistryClient>();
        await ns.RegisterAsync(new NetworkService { Name = "svc" }, new NsmContext(_clock));
        Assert.Equal("IP", _registry!.ServiceStore.Get("svc")!.Payload);
        await ns.UnregisterAsync(new NetworkService { Name = "svc" }, new NsmContext(_clock));
        Assert.Null(_registry.ServiceStore.Get("svc"));
        await Eventually.TrueAsync(() => _registry.ServiceStore.WatcherCount == 0, "ns watcher released");
    }

    private static T Element<T>(EndpointRegistryClient client) => client.Elements.OfType<T>().Single();
}
