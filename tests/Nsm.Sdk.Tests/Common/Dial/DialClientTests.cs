using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientConn;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Dial;

public sealed class DialClientTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly List<CallInvoker?> _invokers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Request_DialsTheClientUrl_ReusesTheChannel_CloseDisposesIt()
    {
        var remote = await _servers.StartAsync("a");
        var dial = new DialClient();
        var chain = Chain(dial);
        var url = _servers.UrlOf("a");
        var conn = await chain.RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout();
        await chain.RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout();
        Assert.Equal(2, remote.Requests);
        Assert.Same(_invokers[0], _invokers[1]);
        Assert.Equal(1, dial.Count);

        await chain.CloseAsync(conn, Context(null)).DefaultTimeout();
        Assert.Equal(1, remote.Closes);
        Assert.Equal(0, dial.Count);
    }

    [Fact]
    public async Task UrlChange_ClosesOnTheOldUrlFirst()
    {
        var a = await _servers.StartAsync("a");
        var b = await _servers.StartAsync("b");
        var dial = new DialClient();
        var chain = Chain(dial);
        await chain.RequestAsync(TestExtensions.Request(), Context(_servers.UrlOf("a"))).DefaultTimeout();
        var conn = await chain.RequestAsync(TestExtensions.Request(), Context(_servers.UrlOf("b"))).DefaultTimeout();
        Assert.Equal(1, a.Requests);
        Assert.Equal(1, a.Closes);
        Assert.Equal(1, b.Requests);
        Assert.NotSame(_invokers[0], _invokers[1]);

        await chain.CloseAsync(conn, Context(null)).DefaultTimeout();
        Assert.Equal(1, b.Closes);
        Assert.Equal(1, a.Closes);
    }

    [Fact]
    public async Task FailedFirstRequest_ForgetsTheChannel()
    {
        var dial = new DialClient(new DialOptions { DialTimeout = TimeSpan.FromMilliseconds(200) });
        var chain = Chain(dial);
        var ex = await Assert.ThrowsAnyAsync<NsmStatusException>(async () =>
            await chain.RequestAsync(TestExtensions.Request(), Context(_servers.UrlOf("missing"))).DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(0, dial.Count);
    }

    [Fact]
    public async Task FailedFirstRemoteCall_ForgetsTheChannel()
    {
        var dial = new DialClient();
        var chain = Chain(dial);
        // No dial timeout: the call itself fails, and one probe tells that nobody is there.
        await Assert.ThrowsAsync<NextHopUnreachableException>(async () =>
            await chain.RequestAsync(TestExtensions.Request(), Context(_servers.UrlOf("missing"))).DefaultTimeout());
        Assert.Equal(0, dial.Count);
    }

    [Fact]
    public async Task NoUrl_OrUserSuppliedConnection_OnlyCallsNext()
    {
        var remote = await _servers.StartAsync("a");
        using var channel = NsmGrpcChannels.Create(_servers.UrlOf("a"));
        var dial = new DialClient();
        var chain = new NetworkServiceClientChain(
            new MetadataClient(), new ClientConnClient(channel.CreateCallInvoker()), dial, new GrpcNetworkServiceClient());
        await chain.RequestAsync(TestExtensions.Request(), Context(new Uri("unix:///nonexistent/x.sock"))).DefaultTimeout();
        Assert.Equal(0, dial.Count);
        Assert.Equal(1, remote.Requests);

        var noUrl = new NetworkServiceClientChain(new MetadataClient(), dial);
        await noUrl.RequestAsync(TestExtensions.Request("other"), Context(null)).DefaultTimeout();
        Assert.Equal(0, dial.Count);
    }

    [Fact]
    public async Task ChainLifetimeEnds_DisposesEveryChannel()
    {
        await _servers.StartAsync("a");
        using var lifetime = new CancellationTokenSource();
        var dial = new DialClient(new DialOptions(), new NsmBuildContext { Lifetime = lifetime.Token });
        var chain = Chain(dial);
        await chain.RequestAsync(TestExtensions.Request("x"), Context(_servers.UrlOf("a"))).DefaultTimeout();
        await chain.RequestAsync(TestExtensions.Request("y"), Context(_servers.UrlOf("a"))).DefaultTimeout();
        Assert.Equal(2, dial.Count);
        await lifetime.CancelAsync();
        Assert.Equal(0, dial.Count);
    }

    private NetworkServiceClientChain Chain(DialClient dial) => new(
        new MetadataClient(),
        dial,
        LambdaElement.CheckRequest((_, c) => _invokers.Add(c.MetadataMap(true).TryLoad(GrpcCallContextKeys.ClientConnection, out var i) ? i : null)),
        new GrpcNetworkServiceClient());

    private static NsmContext Context(Uri? url) => new(deadline: DateTimeOffset.UtcNow.AddSeconds(5)) { ClientUrl = url };
}
