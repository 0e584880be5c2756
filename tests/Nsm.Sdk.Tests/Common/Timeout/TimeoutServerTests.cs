using Nsm.Sdk.Builder;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Timeout;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Timeout;

public class TimeoutServerTests
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountElement _count = new();
    private readonly BeginServer _begin = new();

    [Fact]
    public async Task Request_ClosesAtPrevExpiryMinusRequestTimeout()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), Context());
        _clock.Advance(TokenLifetime / 2);
        Assert.Equal(0, _count.Closes);
        _clock.Advance((TokenLifetime / 2) - RequestTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _count.Closes);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await TestExtensions.Eventually(() => _count.Closes == 1, "expiry close");
        await TestExtensions.Eventually(() => _begin.Count == 0, "begin state removed");
    }

    [Fact]
    public async Task CloseBeforeTimeout_NoDoubleClose()
    {
        var chain = Chain();
        var conn = await chain.RequestAsync(Request(), Context());
        await chain.CloseAsync(conn, Context());
        _clock.Advance(TokenLifetime * 2);
        Assert.Equal(1, _count.Closes);
    }

    [Fact]
    public async Task Refresh_ReArmsTheTimer()
    {
        var chain = Chain();
        await chain.RequestAsync(Request(), Context());
        _clock.Advance(TimeSpan.FromMinutes(10));
        await chain.RequestAsync(Request(), Context());
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, _count.Closes);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await TestExtensions.Eventually(() => _count.Closes == 1, "expiry close");
    }

    [Fact]
    public async Task CloseFailingWithDeadline_KeepsTheTimer()
    {
        var chain = Chain(new InjectErrorElement([], [0], () => new RpcException(new Status(StatusCode.DeadlineExceeded, "slow"))));
        var conn = await chain.RequestAsync(Request(), Context());
        await Assert.ThrowsAsync<RpcException>(async () => await chain.CloseAsync(conn, Context()));
        Assert.Equal(1, _count.Closes);
        _clock.Advance(TokenLifetime);
        await TestExtensions.Eventually(() => _count.Closes == 2, "expiry close after failed close");
    }

    [Fact]
    public async Task CloseFailingOtherwise_StopsTheTimer()
    {
        var chain = Chain(new InjectErrorElement([], [0]));
        var conn = await chain.RequestAsync(Request(), Context());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.CloseAsync(conn, Context()));
        _clock.Advance(TokenLifetime);
        Assert.Equal(1, _count.Closes);
    }

    [Fact]
    public async Task Request_WithoutPrevExpiry_IsInvalidArgument()
    {
        var chain = Chain();
        var request = Request();
        request.Connection.Path.PathSegments[0].Expires = null;
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(request, Context()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("expiration for the previous path segment cannot be nil", ex.Message);
        Assert.Equal(0, _count.Requests);
        Assert.Equal(0, _begin.Count);
    }

    [Fact]
    public async Task ChainLifetimeEnds_NoClose()
    {
        using var lifetime = new CancellationTokenSource();
        var chain = Chain(context: new NsmBuildContext { Lifetime = lifetime.Token });
        await chain.RequestAsync(Request(), Context());
        await lifetime.CancelAsync();
        _clock.Advance(TokenLifetime * 2);
        Assert.Equal(0, _count.Closes);
    }

    [Fact]
    public async Task ParallelRequestsAndCloses_CloseEachConnectionOnce()
    {
        var chain = Chain();
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var conn = await chain.RequestAsync(Request("c" + i), Context());
            await chain.CloseAsync(conn, Context());
        }));
        await Task.WhenAll(tasks).DefaultTimeout();
        _clock.Advance(TokenLifetime * 2);
        Assert.Equal(200, _count.Closes);
        Assert.Equal(200, _count.UniqueCloses);
    }

    private NetworkServiceServerChain Chain(INetworkServiceServer? tail = null, NsmBuildContext? context = null) =>
        new(_begin, new MetadataServer(), new TimeoutServer(context), _count, tail ?? InjectErrorElement.Never);

    private NsmContext Context() => new(_clock, deadline: _clock.GetUtcNow() + RequestTimeout);

    private NetworkServiceRequest Request(string id = "id")
    {
        var request = TestExtensions.Request(id);
        request.Connection.Path = new Nsm.Api.NetworkService.Path
        {
            Index = 1,
            PathSegments =
            {
                new PathSegment { Name = "nsc", Id = "nsc-" + id, Expires = Timestamp.FromDateTimeOffset(_clock.GetUtcNow() + TokenLifetime) },
                new PathSegment { Name = "nse", Id = id },
            },
        };
        return request;
    }
}
