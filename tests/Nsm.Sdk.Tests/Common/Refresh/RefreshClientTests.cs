using Nsm.Sdk.Builder;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Refresh;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Refresh;

public class RefreshClientTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountElement _count = new();

    public static TheoryData<string, double> ShortestTokenCases => new()
    {
        { "1h", TimeSpan.FromMinutes(20).TotalMilliseconds },
        { "1h,3min", TimeSpan.FromSeconds(54).TotalMilliseconds },
        { "1h,5s,3min", TimeSpan.FromSeconds(5).TotalMilliseconds / 3 },
        { "200ms,1min,100ms,1h", 33 },
    };

    [Theory]
    [MemberData(nameof(ShortestTokenCases))]
    public void After_UsesShortestExpiryScaledByPosition(string lifetimes, double expectedMs)
    {
        var now = _clock.GetUtcNow();
        var parts = lifetimes.Split(',');
        var conn = new Connection { Path = new Nsm.Api.NetworkService.Path { Index = (uint)(parts.Length - 1) } };
        foreach (var part in parts)
        {
            conn.Path.PathSegments.Add(new PathSegment { Expires = Timestamp.FromDateTimeOffset(now + Parse(part)) });
        }

        var after = RefreshTiming.After(conn, now);
        Assert.InRange(after.TotalMilliseconds, expectedMs - 10, expectedMs + 10);
    }

    [Fact]
    public void After_MissingOrPastExpiry_IsMinimumDelay()
    {
        var now = _clock.GetUtcNow();
        Assert.Equal(RefreshDefaults.MinimumDelay, RefreshTiming.After(new Connection(), now));
        var conn = new Connection { Path = new Nsm.Api.NetworkService.Path { PathSegments = { new PathSegment { Name = "a" } } } };
        Assert.Equal(RefreshDefaults.MinimumDelay, RefreshTiming.After(conn, now));
    }

    [Fact]
    public void After_FourSegmentPath_With15MinTokens_IsThreeMinutesAtIndexZero()
    {
        var now = _clock.GetUtcNow();
        var conn = new Connection { Path = new Nsm.Api.NetworkService.Path() };
        for (var i = 0; i < 4; i++)
        {
            conn.Path.PathSegments.Add(new PathSegment { Expires = Timestamp.FromDateTimeOffset(now.AddMinutes(15)) });
        }

        Assert.Equal(TimeSpan.FromMinutes(3), RefreshTiming.After(conn, now));
    }

    [Fact]
    public async Task ValidRefresh_ReRequestsBeforeExpiry_AndKeepsRefreshing()
    {
        var chain = Chain();
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        _clock.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, _count.Requests);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await TestExtensions.Eventually(() => _count.Requests == 2, "first refresh");
        _clock.Advance(TimeSpan.FromMinutes(20));
        await TestExtensions.Eventually(() => _count.Requests == 3, "second refresh");
    }

    [Fact]
    public async Task StopRefreshAtClose()
    {
        var chain = Chain();
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        await chain.CloseAsync(conn, new NsmContext(_clock));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, _count.Requests);
    }

    [Fact]
    public async Task RestartsRefreshAtAnotherRequest()
    {
        var chain = Chain();
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        _clock.Advance(TimeSpan.FromMinutes(10));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(2, _count.Requests);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await TestExtensions.Eventually(() => _count.Requests == 3, "refresh of the second request");
    }

    [Fact]
    public async Task RetryOnRefreshFailure_Every200ms()
    {
        var times = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        var stamp = LambdaElement.CheckRequest((_, _) => times.Enqueue(_clock.GetUtcNow()));
        var chain = Chain(new NetworkServiceClientChain(stamp, new InjectErrorElement(requestErrorAt: [1, 2], closeErrorAt: [])));
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        _clock.Advance(TimeSpan.FromMinutes(20));
        await TestExtensions.Eventually(() => _count.Requests == 2, "failing refresh");
        _clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(2, _count.Requests);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await TestExtensions.Eventually(() => _count.Requests == 3, "first retry");

        // The next retry's timer is set once the failed retry has unwound, a moment after the count: advancing the fake
        // clock in one 200 ms step could pass before the timer exists, so it moves 1 ms at a time.
        await StepAsync(until: () => _count.Requests >= 4);
        await TestExtensions.Eventually(() => _count.Requests == 4, "second retry");

        // The success ends the retries: the next Request is the regular refresh 20 min later, not a retry 200 ms later.
        // The clock moves 1 ms at a time again, so that a retry timer set a moment after the success would be reached.
        var succeeded = times.Last();
        await StepAsync(until: () => _count.Requests > 4);
        _clock.Advance(TimeSpan.FromMinutes(20));
        await TestExtensions.Eventually(() => _count.Requests >= 5, "the refresh after the successful retry");
        Assert.Equal(succeeded + TimeSpan.FromMinutes(20), times.ElementAt(4), TimeSpan.FromSeconds(1));

        // Close runs after every event already queued for the connection: no retry was waiting behind the refresh.
        await chain.CloseAsync(conn, new NsmContext(_clock));
        Assert.Equal(5, _count.Requests);
    }

    private async Task StepAsync(Func<bool> until)
    {
        for (var step = 0; step < 400 && !until(); step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task NoRefreshOnFailure()
    {
        var chain = Chain(new InjectErrorElement(closeErrorAt: []));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock)));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, _count.Requests);
    }

    [Fact]
    public async Task ChainLifetimeEnds_NoRefresh()
    {
        using var lifetime = new CancellationTokenSource();
        var chain = Chain(context: new NsmBuildContext { Lifetime = lifetime.Token });
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext(_clock));
        await lifetime.CancelAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, _count.Requests);
    }

    private NetworkServiceClientChain Chain(INetworkServiceClient? tail = null, NsmBuildContext? context = null) =>
        new(
            new BeginClient(),
            new MetadataClient(),
            new RefreshClient(new RefreshOptions(), context),
            _count,
            tail ?? InjectErrorElement.Never,
            LambdaElement.OnResponse(c => c.Path = new Nsm.Api.NetworkService.Path
            {
                PathSegments = { new PathSegment { Name = "nsc", Id = c.Id, Expires = Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddHours(1)) } },
            }));

    private static TimeSpan Parse(string value) => value switch
    {
        _ when value.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(int.Parse(value[..^2], System.Globalization.CultureInfo.InvariantCulture)),
        _ when value.EndsWith("min", StringComparison.Ordinal) => TimeSpan.FromMinutes(int.Parse(value[..^3], System.Globalization.CultureInfo.InvariantCulture)),
        _ when value.EndsWith('s') => TimeSpan.FromSeconds(int.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromHours(int.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture)),
    };
}
