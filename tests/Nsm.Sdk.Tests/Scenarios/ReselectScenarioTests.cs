using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Upstream's nsmgr/reselect_test.go: the Closes a reselect sends after nsmgr or forwarder restarts and registry death.
/// Each forwarder counts in its client chain; the NSC counts in its chain; the NSE counts after begin.
/// </summary>
public sealed class ReselectScenarioTests
{
    private sealed record Counted(SandboxDomain Domain, CountElement Nsc, CountElement Nse, CountElement[] Forwarders) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Domain.DisposeAsync();
    }

    private static async Task<Counted> BuildAsync(int nodes)
    {
        var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = nodes, NodeSetup = s => { s.DefaultForwarder = false; s.NsmgrName = "nsmgr"; } });
        var forwarders = new CountElement[nodes];
        for (var i = 0; i < nodes; i++)
        {
            forwarders[i] = new CountElement();
            await domain.Nodes[i].NewForwarderAsync($"forwarder-{i}", clients: [forwarders[i]]);
        }

        await domain.RegisterServiceAsync(Service);
        return new Counted(domain, new CountElement(), new CountElement(), forwarders);
    }

    [Theory]
    [InlineData(1, new[] { 0 })]
    [InlineData(2, new[] { 0 })]
    [InlineData(2, new[] { 1 })]
    [InlineData(2, new[] { 0, 1 })]
    public async Task TestReselect_NsmgrRestart(int nodes, int[] restart)
    {
        await using var c = await BuildAsync(nodes);
        var nseNode = c.Domain.Nodes[^1];
        var nse = await nseNode.NewEndpointAsync(FinalEndpoint, [Service], c.Nse);
        var nsc = c.Domain.Nodes[0].NewClient(new SandboxClientOptions { Additional = [c.Nsc] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        foreach (var i in restart)
        {
            await c.Domain.Nodes[i].Nsmgr.RestartAsync();
        }

        await nse.StopAsync();
        await nseNode.NewEndpointAsync(FinalEndpoint + "-2", [Service], c.Nse);
        await Eventually(() => c.Nse.UniqueRequests == 2, "the NSC to reselect final-endpoint-2");
        Assert.Equal(1, c.Nsc.UniqueCloses);
        Assert.All(c.Forwarders, f => Assert.Equal(1, f.Closes));
        Assert.Equal(0, c.Nse.Closes);

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(1, c.Nsc.UniqueCloses);
        Assert.All(c.Forwarders, f => Assert.Equal(1, f.Closes));
        Assert.Equal(0, c.Nse.Closes);

        var nscCloses = c.Nsc.Closes;
        await nsc.CloseAsync(conn);
        Assert.Equal(nscCloses + 1, c.Nsc.Closes);
        Assert.Equal(1, c.Nse.Closes);
        Assert.All(c.Forwarders, f => Assert.Equal(2, f.Closes));
        await c.Domain.AssertNoConnectionsAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TestReselect_LocalForwarderRestart(int nodes)
    {
        await using var c = await BuildAsync(nodes);
        var nseNode = c.Domain.Nodes[^1];
        var nse = await nseNode.NewEndpointAsync(FinalEndpoint, [Service], c.Nse);
        var nsc = c.Domain.Nodes[0].NewClient(new SandboxClientOptions { Additional = [c.Nsc] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        // The local forwarder restarts with fresh state (and a fresh counter would be upstream's new instance: its old
        // counter must see no Close).
        var local = c.Domain.Nodes[0].Forwarders["forwarder-0"];
        await local.StopAsync();
        await nse.StopAsync();
        await nseNode.NewEndpointAsync(FinalEndpoint + "-2", [Service], c.Nse);
        await SandboxNode.RestartForwarderAsync(local);

        await Eventually(() => c.Nse.UniqueRequests == 2, "the NSC to reselect final-endpoint-2");
        Assert.Equal(1, c.Nsc.UniqueCloses);
        Assert.Equal(0, c.Forwarders[0].Closes);
        if (nodes == 2)
        {
            Assert.Equal(1, c.Forwarders[1].Closes);
        }

        Assert.Equal(0, c.Nse.Closes);

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(1, c.Nsc.UniqueCloses);
        Assert.Equal(0, c.Forwarders[0].Closes);
        Assert.Equal(0, c.Nse.Closes);

        await nsc.CloseAsync(conn);
        Assert.Equal(1, c.Nse.Closes);
        Assert.Equal(1, c.Forwarders[0].Closes);
        if (nodes == 2)
        {
            Assert.Equal(2, c.Forwarders[1].Closes);
        }

        await c.Domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task TestReselect_Close_RegistryDied()
    {
        await using var c = await BuildAsync(1);
        await c.Domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], c.Nse);
        var nsc = c.Domain.Nodes[0].NewClient(new SandboxClientOptions { Additional = [c.Nsc] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        await c.Domain.Registry!.StopAsync();
        await nsc.CloseAsync(conn, Long);
        Assert.Equal(1, c.Nsc.Closes);
        Assert.Equal(1, c.Forwarders[0].Closes);
        Assert.Equal(1, c.Nse.Closes);
        await c.Domain.AssertNoConnectionsAsync();
    }
}
