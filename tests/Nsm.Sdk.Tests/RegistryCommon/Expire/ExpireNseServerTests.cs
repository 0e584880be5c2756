using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Expire;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Tests.RegistryCommon.Expire;

public sealed class ExpireNseServerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly NetworkServiceEndpointStore _store;
    private readonly ExpireNseServer _expire = new();
    private readonly NetworkServiceEndpointRegistryServerChain _chain;

    public ExpireNseServerTests()
    {
        _store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = _clock });
        _chain = new NetworkServiceEndpointRegistryServerChain(new BeginNseServer(), _expire, new MemoryNseServer(_store, expireRecords: false));
    }

    public void Dispose()
    {
        _expire.Dispose();
        _store.Dispose();
    }

    [Fact]
    public void Ctor_Ok_defaults_to_one_minute() => Assert.Equal(TimeSpan.FromMinutes(1), new ExpireOptions().DefaultExpiration);

    [Fact]
    public async Task Register_without_deadline_sets_expiration_now_plus_default_and_unregisters_then()
    {
        var result = await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(null));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(1), result.ExpirationTime.ToDateTimeOffset());

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(_store.Get("nse"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _store.Get("nse") is null, "expiry");
        Assert.Equal(0, _expire.Count);
    }

    [Fact]
    public async Task Register_with_15s_deadline_unregisters_a_fifth_of_the_period_before_expiration()
    {
        // Upstream subtracts the whole 15 s deadline (45 s); a fifth of the 60 s period is the most we subtract (48 s).
        await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(TimeSpan.FromSeconds(15)));
        _clock.Advance(TimeSpan.FromSeconds(47));

        // A fake-clock timer fires inside Advance and an expiry timer disarms itself as it fires: still armed = not expired.
        Assert.Equal(1, _expire.Count);
        Assert.NotNull(_store.Get("nse"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _store.Get("nse") is null, "expiry at 48 s");
    }

    [Theory]
    [InlineData(5, 55)]
    [InlineData(60, 48)]
    public async Task The_deadline_is_subtracted_up_to_a_fifth_of_the_period(int deadlineSeconds, int expirySeconds)
    {
        await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(TimeSpan.FromSeconds(deadlineSeconds)));
        _clock.Advance(TimeSpan.FromSeconds(expirySeconds) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _expire.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => _store.Get("nse") is null, $"expiry at {expirySeconds} s");
    }

    [Fact]
    public async Task Refresh_rearms_the_timer()
    {
        await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(null));
        _clock.Advance(TimeSpan.FromSeconds(40));
        await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(null));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(1, _expire.Count); // the re-armed timer; the first one (due at 60 s) would have fired and disarmed
        Assert.NotNull(_store.Get("nse"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => _store.Get("nse") is null, "expiry after refresh");
    }

    [Fact]
    public async Task Smaller_requested_or_peer_token_expiration_wins()
    {
        var asked = _clock.GetUtcNow() + TimeSpan.FromSeconds(10);
        var r1 = await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "a", ExpirationTime = Timestamp.FromDateTimeOffset(asked) }, Ctx(null));
        Assert.Equal(asked, r1.ExpirationTime.ToDateTimeOffset());

        var ctx = Ctx(null);
        ctx.Peer = new PeerInfo(null, "t", _clock.GetUtcNow() + TimeSpan.FromSeconds(20));
        var r2 = await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "b" }, ctx);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(20), r2.ExpirationTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Unregister_cancels_the_timer()
    {
        await _chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(null));
        Assert.Equal(1, _expire.Count);
        await _chain.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Ctx(null));
        Assert.Equal(0, _expire.Count);
    }

    private NsmContext Ctx(TimeSpan? deadline) => new(_clock, deadline: deadline is { } d ? _clock.GetUtcNow() + d : null);
}
