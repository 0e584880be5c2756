using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Upstream's nsmgr/heal_test.go. Components are killed as upstream kills them: the server stops and its registration
/// stays in the registry (until it expires), so the candidates include the dead one.
/// </summary>
public sealed class HealUpstreamScenarioTests
{
    private static Func<Nsm.Sdk.Common.Heal.HealOptions, Nsm.Sdk.Common.Heal.HealOptions> Liveness(Func<bool> alive) =>
        o => o with { LivenessCheck = (_, _) => ValueTask.FromResult(alive()), LivenessCheckInterval = TimeSpan.FromMilliseconds(50) };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task TestNSMGR_HealEndpoint(int nseNode)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nse = await domain.Nodes[nseNode].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.UniqueRequests);

        await nse.StopAsync();
        await domain.Nodes[nseNode].NewEndpointAsync(FinalEndpoint + "-2", [Service], counter);
        await Eventually(() => counter.UniqueRequests == 2, "the NSC heals to final-endpoint-2");
        var closesAfterHeal = counter.UniqueCloses;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        await nsc.CloseAsync(conn);
        Assert.Equal(2, counter.UniqueRequests);
        Assert.Equal(closesAfterHeal + 1, counter.UniqueCloses);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestNSMGRHealEndpoint_DataPlaneBroken_CtrlPlaneBroken()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { ConfigureHeal = Liveness(() => false) });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.UniqueRequests);

        await nse.StopAsync();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint + "-2", [Service], counter);
        await Eventually(() => counter.UniqueRequests == 2, "the NSC heals to final-endpoint-2");
        var closesAfterHeal = counter.UniqueCloses;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        await nsc.CloseAsync(conn);
        Assert.Equal(2, counter.UniqueRequests);
        Assert.Equal(closesAfterHeal + 1, counter.UniqueCloses);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestNSMGRHealEndpoint_DataPlaneBroken_CtrlPlaneHealthy()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var alive = new StrongBox<bool>(true);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { ConfigureHeal = Liveness(() => Volatile.Read(ref alive.Value)) });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint + "-2", [Service], counter);
        Volatile.Write(ref alive.Value, false);
        await Eventually(() => counter.UniqueRequests >= 2, "the NSC reselects on the broken data plane");
        Volatile.Write(ref alive.Value, true);
        var closesAfterHeal = counter.UniqueCloses;
        var uniqueAfterHeal = counter.UniqueRequests;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        await nsc.CloseAsync(conn);
        Assert.Equal(uniqueAfterHeal, counter.UniqueRequests);
        Assert.Equal(closesAfterHeal + 1, counter.UniqueCloses);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact(Skip = "skipped upstream (sdk#1573): TestNSMGRHealEndpoint_DatapathHealthy_CtrlPlaneBroken")]
    public void TestNSMGRHealEndpoint_DatapathHealthy_CtrlPlaneBroken()
    {
    }

    /// <summary>As upstream: the killed forwarder stays registered.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public Task TestNSMGR_HealForwarder(int forwarderNode) => HealForwarder(forwarderNode, unregister: false);

    /// <summary>The same with the killed forwarder unregistered first.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public Task TestNSMGR_HealForwarder_Unregistered(int forwarderNode) => HealForwarder(forwarderNode, unregister: true);

    private static async Task HealForwarder(int forwarderNode, bool unregister)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[1].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        var node = domain.Nodes[forwarderNode];
        if (unregister)
        {
            await node.Forwarders[$"forwarder-{forwarderNode}"].Current!.UnregisterAsync();
        }

        await node.Forwarders[$"forwarder-{forwarderNode}"].StopAsync();
        await node.NewForwarderAsync("forwarder-2");
        await Eventually(() => counter.Requests >= 2, "the NSC heals through forwarder-2");
        Assert.Equal(1, counter.UniqueRequests);
        var closesAfterHeal = counter.Closes;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Contains("forwarder-2", Names(conn));
        await nsc.CloseAsync(conn);
        Assert.Equal(closesAfterHeal + 1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestNSMGR_HealNSMgr_LocalRestored()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 3);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[1].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        await domain.Nodes[0].Nsmgr.RestartAsync();
        await Eventually(() => counter.Requests >= 2, "the NSC heals through the restarted nsmgr");
        Assert.Equal(1, counter.UniqueRequests);
        var requests = counter.Requests;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(requests + 1, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.UniqueCloses);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestNSMGR_HealNSMgr_RemoteNew()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 3);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[1].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.UniqueRequests);

        await domain.Nodes[2].NewEndpointAsync(FinalEndpoint + "-2", [Service], counter);
        await domain.Nodes[1].Nsmgr.StopAsync();
        await Eventually(() => counter.UniqueRequests == 2, "the NSC heals to final-endpoint-2 on node 2");
        var closesAfterHeal = counter.UniqueCloses;

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(FinalEndpoint + "-2", conn.Path.PathSegments[^1].Name);
        await nsc.CloseAsync(conn);
        Assert.Equal(closesAfterHeal + 1, counter.UniqueCloses);

        // Node 1 lost its nsmgr: its forwarder and NSE keep the old connection until its token expires (their timeout).
        await Eventually(() => domain.Nodes[0].ConnectionCount() == 0 && domain.Nodes[2].ConnectionCount() == 0, "nodes 0 and 2 to release the connection");
    }

    [Fact]
    public async Task TestNSMGR_HealRegistry()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        // The registry restarts empty: the NSE's, the forwarder's and the service's registrations come back from their clients.
        await domain.Registry!.RestartAsync();
        await domain.RegisterServiceAsync(Service);
        await domain.Nodes[0].Endpoints[FinalEndpoint].Current!.RegisterAsync();
        await domain.Nodes[0].Forwarders["forwarder-0"].Current!.RegisterAsync();

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        var second = domain.Nodes[0].NewClient("nsc-2");
        var conn2 = await second.RequestAsync(SandboxClient.DefaultRequest(Service), Long);
        await Eventually(() => counter.Requests >= 3, "the NSE to see three requests");
        await nsc.CloseAsync(conn);
        await second.CloseAsync(conn2);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// The NSE dies while the NSC is connected; heal starts; Close then ends the heal: no connection and no watch remain.
    /// Upstream's "with NSE expiration" lets a 1 s registration expire; here the registration is removed (the registry's
    /// default expiration is not shortened in the sandbox), which gives the same registry state.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TestNSMGR_CloseHeal(bool withNseExpiration)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service]);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Retry = false });
        var conn = await nsc.RequestWithDeadlineAsync(SandboxClient.DefaultRequest(Service), TimeSpan.FromSeconds(1)).WaitAsync(Long);
        conn = await nsc.RequestWithDeadlineAsync(SandboxClient.Refresh(conn), TimeSpan.FromSeconds(1)).WaitAsync(Long);

        if (withNseExpiration)
        {
            await nse.Current!.UnregisterAsync();
        }

        await nse.StopAsync();
        await Task.Delay(100); // heal starts
        if (withNseExpiration)
        {
            Assert.Empty(await domain.FindEndpointsAsync(FinalEndpoint));
        }

        try
        {
            await nsc.CloseAsync(conn, Long);
        }
        catch (Exception)
        {
            // The NSE is gone: Close is best effort.
        }

        await nsc.DisposeAsync();
        var node = domain.Nodes[0];
        await Eventually(
            () => node.ConnectionCount() == 0
                && node.Nsmgr.Current!.Monitor.SubscriberCount == 0
                && node.Forwarders.Values.All(f => f.Current!.Monitor.SubscriberCount == 0),
            "heal to stop: no connection and no watch left: " + string.Join(", ", node.Describe()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Test_ForwarderShouldBeSelectedCorrectlyOnNSMgrRestart(int nodes)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: nodes);
        await domain.RegisterServiceAsync(Service);
        var nseNode = domain.Nodes[^1];
        var nse = await nseNode.NewEndpointAsync(FinalEndpoint, [Service]);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Heal = false });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(nodes == 1 ? 4 : 6, conn.Path.PathSegments.Count);
        var forwarder = conn.Path.PathSegments[^2].Name;
        Assert.Equal($"forwarder-{nseNode.Index}", forwarder);

        for (var i = 0; i < 10; i++)
        {
            conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
            Assert.Equal(forwarder, conn.Path.PathSegments[^2].Name);

            await nseNode.Nsmgr.RestartAsync();
            await nse.Current!.RegisterAsync();
            await nseNode.Forwarders[forwarder].Current!.RegisterAsync();
            await nseNode.NewForwarderAsync($"forwarder-extra-{i}");
        }

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(forwarder, conn.Path.PathSegments[^2].Name);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// The NSE accepts only its first Request. Fake time reaches the refresh, which fails at the NSE; the data plane is then
    /// reported broken and heal reselects final-endpoint-2 exactly once.
    /// </summary>
    [Fact]
    public async Task TestNSMGR_RefreshFailed_DataPlaneBroken()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock });
        await domain.RegisterServiceAsync(Service);
        var first = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], first, new InjectErrorElement([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], []));
        var alive = new StrongBox<bool>(true);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            Retry = false,
            TokenLifetime = TimeSpan.FromMinutes(15),
            ConfigureHeal = o => o with { LivenessCheck = (_, _) => ValueTask.FromResult(Volatile.Read(ref alive.Value)), LivenessCheckInterval = TimeSpan.FromMilliseconds(10) },
        });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, first.Requests);

        var second = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint + "-2", [Service], second);
        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15), () => first.Requests >= 2, "the refresh to reach the NSE");
        Volatile.Write(ref alive.Value, false);
        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), () => second.Requests >= 1, "heal to reselect final-endpoint-2");
        Assert.Equal(1, second.Requests);
        Assert.Equal(1, second.UniqueRequests);

        await nsc.CloseAsync(SandboxClient.Refresh(conn).Connection);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// A refresh blocks in the NSC while every forwarder is killed; released, it fails; a new forwarder appears, and heal
    /// brings the connection back (the NSE sees its second Request). Driven by a fake clock.
    /// </summary>
    [Fact]
    public async Task TestNSMGR_RefreshFailed_ControlPlaneBroken()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock });
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var gate = new SemaphoreSlim(1);
        var blocked = new StrongBox<int>();
        var blocker = new LambdaElement(async (r, c, next) =>
        {
            Interlocked.Increment(ref blocked.Value);
            await gate.WaitAsync();
            return await next.RequestAsync(r, c);
        });
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Retry = false, TokenLifetime = TimeSpan.FromMinutes(15), Additional = [blocker] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15), () => Volatile.Read(ref blocked.Value) >= 2, "the refresh to start");
        var node = domain.Nodes[0];
        foreach (var f in node.Forwarders.Values)
        {
            await f.StopAsync();
        }

        gate.Release(100);
        await node.NewForwarderAsync("forwarder-new");
        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2), () => counter.Requests >= 2, "heal through the new forwarder");
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(2, counter.Requests);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestNSMGRHealEndpoint_CustomReselectFunc()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service]);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            ReselectFunc = r =>
            {
                BeginReselect.Default(r);
                r.Connection.Labels["key"] = "value";
                r.Connection.NetworkServiceEndpointName = string.Empty;
            },
        });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        await nse.StopAsync();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint + "-2", [Service]);
        Connection? refreshed = null;
        await EventuallyAsync(
            async () =>
            {
                try
                {
                    refreshed = await nsc.RequestAsync(SandboxClient.Refresh(conn), TimeSpan.FromSeconds(5));
                    return refreshed.Labels.TryGetValue("key", out var v) && v == "value";
                }
                catch (Exception)
                {
                    return false;
                }
            },
            "a refresh to return the labels set by the reselect function");
        await nsc.CloseAsync(refreshed!);
        await domain.AssertNoConnectionsAsync();
    }
}
