using Nsm.Sdk.Builder;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.OnIdle;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.OnIdle;

public class OnIdleServerTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private int _notified;

    [Fact]
    public void Disabled_WithZeroTimeout()
    {
        var server = new OnIdleServer(() => _notified++, new OnIdleOptions(), new NsmBuildContext { TimeProvider = _clock });
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, _notified);
        Assert.False(server.IsExpired);
    }

    [Fact]
    public async Task NoRequests_NotifiesOnce_ThenRequestsFail()
    {
        var chain = Chain(out var server);
        _clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _notified);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _notified);
        Assert.True(server.IsExpired);
        _clock.Advance(Idle * 3);
        Assert.Equal(1, _notified);

        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(TestExtensions.Request(), new NsmContext()));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("endpoint expired", ex.Message);
    }

    [Fact]
    public async Task HoldingActiveConnection_DoesNotExpire_UntilClosedAndIdleAgain()
    {
        var chain = Chain(out _);
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        _clock.Advance(Idle * 2);
        Assert.Equal(0, _notified);
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext()); // refresh
        await chain.CloseAsync(conn, new NsmContext());
        _clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _notified);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _notified);
    }

    [Fact]
    public async Task FailedRequest_DoesNotHoldTheEndpoint()
    {
        var chain = Chain(out _, new InjectErrorElement());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(TestExtensions.Request(), new NsmContext()));
        _clock.Advance(Idle);
        Assert.Equal(1, _notified);
    }

    [Fact]
    public void ChainLifetimeEndsFirst_NothingNotified()
    {
        using var lifetime = new CancellationTokenSource();
        _ = new OnIdleServer(() => _notified++, new OnIdleOptions { Timeout = Idle }, new NsmBuildContext { TimeProvider = _clock, Lifetime = lifetime.Token });
        lifetime.Cancel();
        _clock.Advance(Idle * 2);
        Assert.Equal(0, _notified);
    }

    private NetworkServiceServerChain Chain(out OnIdleServer server, INetworkServiceServer? tail = null)
    {
        server = new OnIdleServer(() => _notified++, new OnIdleOptions { Timeout = Idle }, new NsmBuildContext { TimeProvider = _clock });
        return new NetworkServiceServerChain(server, tail ?? InjectErrorElement.Never);
    }
}
