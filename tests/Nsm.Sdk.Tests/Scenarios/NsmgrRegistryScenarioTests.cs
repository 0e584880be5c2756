using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Tests.Scenarios;

public sealed class NsmgrRegistryScenarioTests
{
    [Fact]
    public async Task Nse_registered_through_nsmgr_is_published_under_the_nsmgr_url_and_found_with_its_real_url()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        var nse = await domain.Nodes[0].NewEndpointAsync("final-endpoint", ["my-service"]);
        var stored = domain.Registry!.Current!.EndpointStore.Get("final-endpoint");
        Assert.NotNull(stored);
        Assert.Equal(domain.Nodes[0].Nsmgr.Url.ToString(), stored.Url);
        Assert.Equal(nse.Url.ToString(), nse.Current!.Registration!.Url);

        var viaNsmgr = domain.NewEndpointRegistryClient(domain.Nodes[0].Nsmgr.Url);
        var found = await viaNsmgr.FindEndpointAsync("final-endpoint", new NsmContext());
        Assert.Equal(nse.Url.ToString(), found!.Url);

        await nse.Current.UnregisterAsync();
        Assert.Null(domain.Registry.Current.EndpointStore.Get("final-endpoint"));
    }
}
