using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.StrictIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/suite_test.go (TestNsmgr): local, remote, passthrough and busy-endpoint usecases.</summary>
public sealed class NsmgrSuiteScenarioTests
{
    [Fact]
    public async Task Test_Remote_ParallelUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nsc = domain.Nodes[1].NewClient();

        // The request starts before the NSE exists; retry covers the gap.
        var pending = nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        await Task.Delay(100);
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var conn = await pending;
        Assert.Equal(1, counter.Requests);
        Assert.Equal(6, conn.Path.PathSegments.Count);

        var refreshed = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(6, refreshed.Path.PathSegments.Count);
        Assert.Equal(2, counter.Requests);

        await nsc.CloseAsync(refreshed);
        Assert.Equal(1, counter.Closes);
        await nse.Current!.UnregisterAsync();
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_SelectsRestartingEndpointUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var node = domain.Nodes[0];

        // Registered (through the nsmgr) before anything serves its URL; the server starts a second later.
        var url = domain.NewUrl("nse");
        var registration = domain.NewEndpointRegistryClient(node.Nsmgr.Url);
        await registration.RegisterAsync(new NetworkServiceEndpoint { Name = FinalEndpoint, Url = url.ToString(), NetworkServiceNames = { Service } }, new NsmContext());
        var nsc = node.NewClient();
        var pending = nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        await Task.Delay(1000);
        await node.NewEndpointAsync(new SandboxEndpointOptions { Name = FinalEndpoint, Services = [Service], Url = url, Register = false });

        var conn = await pending;
        Assert.Equal(4, conn.Path.PathSegments.Count);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_ReselectEndpointWhenNetSvcHasChanged()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var node = domain.Nodes[0];
        var first = new CountElement();
        var second = new CountElement();
        await node.NewEndpointAsync(new SandboxEndpointOptions
        {
            Name = "nse-1",
            Services = [Service],
            Servers = [first, new StrictIpamServer(p => new Point2PointIpamServer([.. p]), "100.100.100.100/30")],
        });
        var nsc = node.NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal("nse-1", conn.Path.PathSegments[^1].Name);
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(["100.100.100.101/32"], conn.Context.IpContext.SrcIpAddrs);
        Assert.Equal(["100.100.100.100/32"], conn.Context.IpContext.DstIpAddrs);

        // The service now routes to experimental NSEs only, and one appears.
        await domain.RegisterServiceAsync(Service, ns => ns.Matches.Add(new Match
        {
            Routes = { new Destination { DestinationSelector = { ["experimental"] = "true" } } },
        }));
        await node.NewEndpointAsync(new SandboxEndpointOptions
        {
            Name = "nse-2",
            Services = [Service],
            Labels = new Dictionary<string, string> { ["experimental"] = "true" },
            Servers = [second, new StrictIpamServer(p => new Point2PointIpamServer([.. p]), "200.200.200.200/30")],
        });

        await Eventually(() => second.Requests >= 1, "the nsmgr to notice the changed service and the NSC to reselect nse-2");
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal("nse-2", conn.Path.PathSegments[^1].Name);
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(["200.200.200.201/32"], conn.Context.IpContext.SrcIpAddrs);
        Assert.Equal(["200.200.200.200/32"], conn.Context.IpContext.DstIpAddrs);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_Remote_BusyEndpointsUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nses = new List<RestartableServer<SandboxEndpoint>>();
        for (var i = 0; i < 3; i++)
        {
            nses.Add(await domain.Nodes[1].NewEndpointAsync($"busy-endpoint-{i}", [Service], new InjectErrorElement()));
        }

        var nsc = domain.Nodes[0].NewClient();
        var pending = nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        await Task.Delay(500);
        nses.Add(await domain.Nodes[1].NewEndpointAsync(FinalEndpoint, [Service], counter));

        var conn = await pending;
        Assert.Equal(1, counter.Requests);
        Assert.Equal(6, conn.Path.PathSegments.Count);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        foreach (var nse in nses)
        {
            await nse.Current!.UnregisterAsync();
        }

        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_RemoteUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[1].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);
        Assert.Equal(6, conn.Path.PathSegments.Count);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);
        Assert.Equal(6, conn.Path.PathSegments.Count);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_ConnectToDeadNSEUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Retry = false });

        var conn = await nsc.RequestWithDeadlineAsync(SandboxClient.DefaultRequest(Service), TimeSpan.FromSeconds(1)).WaitAsync(Long);
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(1, counter.Requests);

        // Killed without unregistering: a refresh with a 1 s deadline fails (it does not hang past it).
        var registration = nse.Current!.Registration!;
        await nse.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => nsc.RequestWithDeadlineAsync(SandboxClient.Refresh(conn), TimeSpan.FromSeconds(1)).WaitAsync(Long));

        try
        {
            await nsc.CloseAsync(conn);
        }
        catch (Exception)
        {
            // Close is best effort: the NSE is gone.
        }

        // Only the NSE's identity may unregister it (client_allowed).
        await domain.NewEndpointRegistryClient(domain.Nodes[0].Nsmgr.Url, identity: FinalEndpoint).UnregisterAsync(registration, new NsmContext()).AsTask().WaitAsync(Long);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_LocalUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(1, counter.Requests);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_PassThroughRemoteUsecase()
    {
        const int count = 7;
        await using var domain = await PassthroughDomainAsync(count);
        await domain.RegisterServiceAsync(Service, ns => Linear(ns, count));
        var counter = new CountElement();
        for (var i = 0; i < count; i++)
        {
            await PassthroughEndpointAsync(domain.Nodes[i], i, last: i == count - 1, counter);
        }

        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        Assert.Equal((6 * (count - 1)) + 4, conn.Path.PathSegments.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"endpoint-{i}", conn.Path.PathSegments[(i * 6) + 3].Name);
        }

        for (var i = 0; i < 5; i++)
        {
            conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
            Assert.Equal((6 * (count - 1)) + 4, conn.Path.PathSegments.Count);
        }

        await nsc.CloseAsync(conn, Long);
        AssertEveryHopClosed(counter, count);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_PassThroughLocalUsecase()
    {
        const int count = 7;
        await using var domain = await PassthroughDomainAsync(1);
        await domain.RegisterServiceAsync(Service, ns => Linear(ns, count));
        var counter = new CountElement();
        for (var i = 0; i < count; i++)
        {
            await PassthroughEndpointAsync(domain.Nodes[0], i, last: i == count - 1, counter);
        }

        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        Assert.Equal((4 * (count - 1)) + 4, conn.Path.PathSegments.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"endpoint-{i}", conn.Path.PathSegments[((i + 1) * 4) - 1].Name);
        }

        for (var i = 0; i < 5; i++)
        {
            conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
            Assert.Equal((4 * (count - 1)) + 4, conn.Path.PathSegments.Count);
        }

        await nsc.CloseAsync(conn, Long);
        AssertEveryHopClosed(counter, count);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_PassThroughSameSourceSelector()
    {
        const int count = 7;
        await using var domain = await PassthroughDomainAsync(1);
        await domain.RegisterServiceAsync(Service, ns =>
        {
            Linear(ns, count);
            ns.Matches[^1].Fallthrough = true;
            ns.Matches.Add(new Match { Routes = { new Destination { DestinationSelector = { ["step"] = "1" } } } });
        });
        var counter = new CountElement();
        for (var i = 1; i < count; i++)
        {
            await PassthroughEndpointAsync(domain.Nodes[0], i, last: i == count - 1, counter);
        }

        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        Assert.Equal((4 * (count - 2)) + 4, conn.Path.PathSegments.Count);
        for (var i = 1; i < count; i++)
        {
            Assert.Equal($"endpoint-{i}", conn.Path.PathSegments[(i * 4) - 1].Name);
        }

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal((4 * (count - 2)) + 4, conn.Path.PathSegments.Count);
        await nsc.CloseAsync(conn, Long);
        AssertEveryHopClosed(counter, count - 1);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// Upstream checks with goleak that no goroutine outlives Request, Close and Unregister. Here: no component keeps a
    /// connection or a monitor subscription (the heal and refresh watches are the long-lived tasks), and the NSE is gone
    /// from the registry.
    /// </summary>
    [Fact]
    public async Task Test_ShouldCleanAllClientAndEndpointGoroutines()
    {
        await using var domain = await PassthroughDomainAsync(1);
        await domain.RegisterServiceAsync(Service);
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service]);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        await nsc.CloseAsync(conn);
        await nse.Current!.UnregisterAsync();

        var node = domain.Nodes[0];
        await Eventually(
            () => node.ConnectionCount() == 0
                && node.Nsmgr.Current!.Monitor.SubscriberCount == 0
                && node.Forwarders.Values.All(f => f.Current!.Monitor.SubscriberCount == 0)
                && nse.Current!.Endpoint.Monitor.SubscriberCount == 0,
            "no connection and no monitor watch left: " + string.Join(", ", node.Describe()));
        Assert.Empty(await domain.FindEndpointsAsync(FinalEndpoint));
    }

    [Fact(Skip = "skipped upstream (\"unstable\"): Test_PassThroughLocalUsecaseMultiLabel")]
    public void Test_PassThroughLocalUsecaseMultiLabel()
    {
    }
}
