using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Scenarios;

public sealed class HealScenarioTests
{
    private const string Service = "my-service";

    [Fact]
    public async Task Endpoint_pinned_by_name_reaches_that_endpoint()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var first = new CountElement();
        var second = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("nse-1", [Service], first);
        await domain.Nodes[0].NewEndpointAsync("nse-2", [Service], second);
        var nsc = domain.Nodes[0].NewClient();

        var request = SandboxClient.DefaultRequest(Service);
        request.Connection.NetworkServiceEndpointName = "nse-2";
        var conn = await nsc.RequestAsync(request);
        Assert.Equal("nse-2", conn.Path.PathSegments[^1].Name);
        Assert.Equal(0, first.Requests);
        Assert.Equal(1, second.Requests);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Unknown_service_gives_a_clear_error()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        var nsc = domain.Nodes[0].NewClient();
        // Without retry (which would keep trying until the caller gives up), the error reaches the NSC.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => nsc.Chain.RequestAsync(SandboxClient.DefaultRequest("no-such-service")).AsTask().WaitAsync(TimeSpan.FromSeconds(8)));
        Assert.Contains("no-such-service", ex.ToString(), StringComparison.Ordinal);
        await domain.AssertNoConnectionsAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Heal_endpoint_killed_new_endpoint_appears(int nseNode)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nse = await domain.Nodes[nseNode].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.UniqueRequests);

        await nse.Current!.UnregisterAsync();
        await nse.StopAsync();
        await domain.Nodes[nseNode].NewEndpointAsync("final-endpoint-2", [Service], counter);
        await TestExtensions.Eventually(() => counter.UniqueRequests == 2, "the NSC heals to final-endpoint-2");
        var closesAfterHeal = counter.UniqueCloses;

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.Equal("final-endpoint-2", refreshed.Path.PathSegments[^1].Name);
        await nsc.CloseAsync(refreshed);
        Assert.Equal(2, counter.UniqueRequests);
        Assert.Equal(closesAfterHeal + 1, counter.UniqueCloses);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Heal_after_forwarder_restart()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        await SandboxNode.RestartForwarderAsync(domain.Nodes[0].Forwarders["forwarder-0"]);
        await TestExtensions.Eventually(() => counter.Requests >= 2, "the NSC heals through the restarted forwarder");

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.Equal(4, refreshed.Path.PathSegments.Count);
        Assert.Equal(1, counter.UniqueRequests);
        await nsc.CloseAsync(refreshed);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Heal_after_nsmgr_restart()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        await domain.Nodes[0].Nsmgr.RestartAsync();
        await TestExtensions.Eventually(() => counter.Requests >= 2, "the NSC heals through the restarted nsmgr");

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.Equal(["nsc", "nsmgr-0", "forwarder-0", "final-endpoint"], refreshed.Path.PathSegments.Select(s => s.Name));
        await nsc.CloseAsync(refreshed);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Forwarder_is_sticky_and_reselected_when_it_dies()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        for (var i = 1; i < 4; i++)
        {
            await domain.Nodes[0].NewForwarderAsync($"forwarder-extra-{i}");
        }

        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        var selected = conn.Path.PathSegments[2].Name;
        for (var i = 0; i < 3; i++)
        {
            conn = await nsc.RequestAsync(new() { Connection = conn.Clone() });
            Assert.Equal(selected, conn.Path.PathSegments[2].Name);
        }

        var forwarder = domain.Nodes[0].Forwarders[selected];
        await forwarder.Current!.UnregisterAsync();
        await forwarder.StopAsync();
        var before = counter.Requests;
        await TestExtensions.Eventually(() => counter.Requests > before, "heal through another forwarder");
        conn = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.NotEqual(selected, conn.Path.PathSegments[2].Name);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }
}
