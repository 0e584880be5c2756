using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Registry.Common.LogRegistrations;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Tests.RegistryCommon.LogRegistrations;

public sealed class LogRegistrationsNseServerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();
    private readonly NetworkServiceEndpointStore _store;
    private readonly BeginNseServer _begin = new();
    private readonly ExpireNseServer _expire = new();
    private readonly LogRegistrationsNseServer _element = new();
    private readonly NetworkServiceEndpointRegistryServerChain _chain;

    public LogRegistrationsNseServerTests()
    {
        _store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = _clock });
        _chain = new NetworkServiceEndpointRegistryServerChain(_begin, _element, _expire, new MemoryNseServer(_store, expireRecords: false));
    }

    public void Dispose()
    {
        _expire.Dispose();
        _begin.Dispose();
        _store.Dispose();
    }

    private NsmContext Ctx() => new(_clock, _log);

    private static NetworkServiceEndpoint Nse(string url) => new() { Name = "nse-1", Url = url, NetworkServiceNames = { "isolated-network", "other" } };

    [Fact]
    public async Task Register_is_logged_once_at_information_and_refreshes_at_debug()
    {
        await _chain.RegisterAsync(Nse("unix:///m/nse.sock"), Ctx());
        await _chain.RegisterAsync(Nse("unix:///m/nse.sock"), Ctx());
        await _chain.RegisterAsync(Nse("unix:///m/nse.sock"), Ctx());

        var info = Assert.Single(_log.At(LogLevel.Information));
        Assert.Equal("registry: Register nse-1 services isolated-network,other url unix:///m/nse.sock expires 2026-01-02T03:05:05.0000000+00:00", info);
        Assert.Equal(2, _log.At(LogLevel.Debug, "registry: refresh nse-1").Count);
        Assert.Equal(1112, _log.Entries.First(e => e.Level == LogLevel.Information).EventId.Id);
    }

    [Fact]
    public async Task A_changed_url_is_logged_again_and_unregister_once()
    {
        await _chain.RegisterAsync(Nse("unix:///m/a.sock"), Ctx());
        await _chain.RegisterAsync(Nse("unix:///m/b.sock"), Ctx());
        await _chain.UnregisterAsync(Nse("unix:///m/b.sock"), Ctx());
        await _chain.UnregisterAsync(Nse("unix:///m/b.sock"), Ctx());

        Assert.Equal(["url unix:///m/a.sock", "url unix:///m/b.sock"], _log.At(LogLevel.Information, "registry: Register").Select(m => m[m.IndexOf("url", StringComparison.Ordinal)..m.IndexOf(" expires", StringComparison.Ordinal)]));
        Assert.Single(_log.At(LogLevel.Information, "registry: Unregister nse-1"));
        Assert.Equal(0, _element.Count);
    }

    [Fact]
    public async Task An_expired_registration_is_logged_as_unregistered()
    {
        await _chain.RegisterAsync(Nse("unix:///m/a.sock"), Ctx());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => _log.At(LogLevel.Information, "registry: Unregister nse-1").Count == 1, "the expiry Unregister passes the element");
        Assert.Equal(0, _element.Count);
    }

    [Fact]
    public async Task A_failed_register_is_not_logged()
    {
        var chain = new NetworkServiceEndpointRegistryServerChain(_element, new MemoryNseServer(_store, expireRecords: false));
        await Assert.ThrowsAnyAsync<Exception>(async () => await chain.RegisterAsync(new NetworkServiceEndpoint(), Ctx()));
        Assert.Empty(_log.Entries);
    }
}
