using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Connect;

public sealed class ConnectServerTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Request_CallsClient_ThenRestOfServerChainWithClientConnection()
    {
        var client = new CountElement();
        var rest = new CountElement();
        var chain = new NetworkServiceServerChain(
            new ConnectServer(new NetworkServiceClientChain(client, LambdaElement.OnResponse(c => c.Labels["from"] = "client"))),
            rest);
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Equal("client", conn.Labels["from"]);
        Assert.Equal("client", Assert.Single(rest.SeenRequests).Connection.Labels["from"]);
        Assert.Equal(1, client.Requests);
    }

    [Fact]
    public async Task RestFails_ClosesTheClient()
    {
        var client = new CountElement();
        var chain = new NetworkServiceServerChain(new ConnectServer(client), new InjectErrorElement());
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await chain.RequestAsync(TestExtensions.Request(), new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(5))));
        Assert.Equal(1, client.Closes);
    }

    [Fact]
    public async Task Close_ClosesClientThenRest_AndAggregatesErrors()
    {
        var rest = new CountElement();
        var chain = new NetworkServiceServerChain(new ConnectServer(new InjectErrorElement()), rest);
        var one = await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext()));
        Assert.Equal(1, rest.Closes);

        var both = new NetworkServiceServerChain(new ConnectServer(new InjectErrorElement()), new InjectErrorElement());
        var ex = await Assert.ThrowsAsync<AggregateException>(async () => await both.CloseAsync(new Connection { Id = "id" }, new NsmContext()));
        Assert.Equal(2, ex.InnerExceptions.Count);
    }

    [Fact]
    public async Task Close_runs_onward_to_its_end_when_the_caller_gave_up()
    {
        CancellationToken seen = default;
        var client = LambdaElement.CheckClose((_, ctx) => seen = ctx.CancellationToken);
        using var gaveUp = new CancellationTokenSource();
        await gaveUp.CancelAsync();
        var chain = new NetworkServiceServerChain(new ConnectServer(client));

        await chain.CloseAsync(new Connection { Id = "c1" }, new NsmContext(cancellationToken: gaveUp.Token));
        Assert.True(seen.CanBeCanceled, "the onward Close is bound by its own timeout");
        Assert.False(seen.IsCancellationRequested, "the caller's cancellation does not reach the onward Close");
    }

    [Fact]
    public async Task EndToEnd_OverGrpc_WithClientUrlAndDial()
    {
        var remote = await _servers.StartAsync("nse");
        var dial = new DialClient();
        var chain = new NetworkServiceServerChain(
            new MetadataServer(),
            new ClientUrlServer(_servers.UrlOf("nse")),
            new ConnectServer(new NetworkServiceClientChain(new MetadataClient(), dial, new GrpcNetworkServiceClient())));
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(5))).DefaultTimeout();
        Assert.Equal("id", conn.Id);
        Assert.Equal(1, remote.Requests);
        await chain.CloseAsync(conn, new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(5))).DefaultTimeout();
        Assert.Equal(1, remote.Closes);
        Assert.Equal(0, dial.Count);
    }
}
