using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Scenarios;

public sealed class UsecaseScenarioTests
{
    private const string Service = "my-service";

    [Fact]
    public async Task Local_usecase_path_4_refresh_keeps_ids_close_reaches_nse()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(["nsc", "nsmgr-0", "forwarder-0", "final-endpoint"], conn.Path.PathSegments.Select(s => s.Name));

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone(), MechanismPreferences = { SandboxClient.DefaultRequest(Service).MechanismPreferences } });
        Assert.Equal(2, counter.Requests);
        Assert.Equal(1, counter.UniqueRequests);
        Assert.Equal(4, refreshed.Path.PathSegments.Count);
        Assert.Equal(conn.Path.PathSegments.Select(s => s.Id), refreshed.Path.PathSegments.Select(s => s.Id));

        await nsc.CloseAsync(refreshed);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Remote_usecase_path_6()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("final-endpoint", [Service], counter);
        var nsc = domain.Nodes[1].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);
        Assert.Equal(["nsc", "nsmgr-1", "forwarder-1", "nsmgr-0", "forwarder-0", "final-endpoint"], conn.Path.PathSegments.Select(s => s.Name));

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.Equal(2, counter.Requests);
        Assert.Equal(6, refreshed.Path.PathSegments.Count);

        await nsc.CloseAsync(refreshed);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }
}
