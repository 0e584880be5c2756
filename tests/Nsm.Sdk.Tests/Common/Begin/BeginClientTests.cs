using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Begin;

public class BeginClientTests
{
    [Fact]
    public async Task Close_UsesLastConnection_AndUnknownIdIsDropped()
    {
        var begin = new BeginClient();
        var count = new CountElement();
        var chain = new NetworkServiceClientChain(begin, count, LambdaElement.OnResponse(c => c.Labels["answer"] = "42"));
        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        Assert.Equal(0, count.Closes);

        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        Assert.Equal("42", Assert.Single(count.SeenCloses).Labels["answer"]);
        Assert.Equal(0, begin.Count);
    }

    [Fact]
    public async Task ReRequest_IgnoresLabelsAndMechanism_TakesContext()
    {
        var chain = new NetworkServiceClientChain(new BeginClient());
        var original = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());

        var conn = original.Clone();
        conn.Context = new ConnectionContext
        {
            IpContext = new IPContext { SrcIpAddrs = { "10.0.0.1/32" } },
            EthernetContext = new EthernetContext { SrcMac = "00:00:00:00:00:00" },
            DnsContext = new DNSContext { Configs = { new DNSConfig { DnsServerIps = { "1.1.1.1" } } } },
            ExtraContext = { ["foo"] = "bar" },
        };
        conn.Mechanism = new Mechanism { Cls = "LOCAL", Type = "KERNEL" };
        conn.Labels["foo"] = "bar";

        var returned = await chain.RequestAsync(new NetworkServiceRequest { Connection = conn }, new NsmContext());
        Assert.Equal(original.Mechanism, returned.Mechanism);
        Assert.Equal(conn.Context, returned.Context);
        Assert.Equal(original.Labels, returned.Labels);
    }

    [Fact]
    public async Task ReRequest_KeepsChangesMadeByEvents_AppliesCallerChanges()
    {
        IConnectionEventFactory? factory = null;
        var calls = 0;
        var chain = new NetworkServiceClientChain(
            new BeginClient(),
            LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()),
            LambdaElement.OnResponse(c =>
            {
                c.Context ??= new ConnectionContext();
                c.Context.ExtraContext["refreshes"] = (++calls).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }));
        var returned = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await factory!.RequestAsync().DefaultTimeout();

        var again = returned.Clone();
        again.NetworkServiceEndpointName = "nse-2";
        var seen = new List<NetworkServiceRequest>();
        var probe = new NetworkServiceClientChain(chain, LambdaElement.CheckRequest((r, _) => seen.Add(r.Clone())));
        await probe.RequestAsync(new NetworkServiceRequest { Connection = again }, new NsmContext());
        Assert.Equal("nse-2", seen[0].Connection.NetworkServiceEndpointName);
        Assert.Equal("2", seen[0].Connection.Context.ExtraContext["refreshes"]);
    }

    [Fact]
    public async Task ReselectEvent_ClosesOld_AppliesReselectFunc_ThenRequests()
    {
        var count = new CountElement();
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceClientChain(
            new BeginClient(),
            LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()),
            count,
            LambdaElement.OnResponse(c =>
            {
                c.NetworkServiceEndpointName = "nse-1";
                c.Mechanism ??= new Mechanism { Type = "KERNEL" };
            }));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await factory!.RequestAsync(new EventRequestOptions { Reselect = true }).DefaultTimeout();

        Assert.Equal(1, count.Closes);
        var reselect = count.SeenRequests.Last();
        Assert.Equal(State.ReselectRequested, reselect.Connection.State);
        Assert.Empty(reselect.Connection.NetworkServiceEndpointName);
        Assert.Null(reselect.Connection.Mechanism);
    }

    [Fact]
    public async Task ReselectFunc_IsConfigurable()
    {
        var count = new CountElement();
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceClientChain(
            new BeginClient(o => o.ReselectFunc = BeginReselect.WithSameEndpoint),
            LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()),
            count,
            LambdaElement.OnResponse(c => c.NetworkServiceEndpointName = "nse-1"));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await factory!.RequestAsync(new EventRequestOptions { Reselect = true }).DefaultTimeout();
        Assert.Equal("nse-1", count.SeenRequests.Last().Connection.NetworkServiceEndpointName);
    }

    [Fact]
    public async Task ClientBeginInsideServerChain_OnlyContinuesTheChain()
    {
        var clientBegin = new BeginClient();
        var factories = new List<IConnectionEventFactory?>();
        var chain = new NetworkServiceServerChain(
            new BeginServer(),
            new NetworkServiceClientChain(clientBegin, LambdaElement.CheckRequest((_, c) => factories.Add(c.EventFactory()))).AsServer());
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.NotNull(Assert.Single(factories));
        Assert.Equal(0, clientBegin.Count);
    }

    [Fact]
    public async Task RefreshThroughServerChain_ReachesTheNextHopAsTheCallerSentIt()
    {
        // A client begin inside an nsmgr used to merge each refresh into the first Request's connection, so the
        // downstream hop kept getting the first Request's path tokens and expiries.
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(
            new BeginServer(),
            new NetworkServiceClientChain(new BeginClient(), count).AsServer());
        var request = TestExtensions.Request();
        request.Connection.Labels["round"] = "1";
        await chain.RequestAsync(request, new NsmContext());
        var refresh = request.Clone();
        refresh.Connection.Labels["round"] = "2";
        refresh.Connection.Context = new ConnectionContext { MTU = 9000 };
        await chain.RequestAsync(refresh, new NsmContext());
        Assert.Equal(2, count.Requests);
        Assert.Equal("2", count.SeenRequests.Last().Connection.Labels["round"]);
        Assert.Equal(9000u, count.SeenRequests.Last().Connection.Context.MTU);
    }
}
