using System.Runtime.CompilerServices;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/scale_test.go: an NSE created by another NSE during the first Request.</summary>
public sealed class ScaleScenarioTests
{
    [Fact]
    public async Task TestCreateEndpointDuringRequest()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        const string ns = "ns-1";
        await domain.RegisterServiceAsync(ns, s => s.Matches.Add(new Match
        {
            Routes =
            {
                new Destination { DestinationSelector = { ["nodeName"] = "node[1]" } },
                new Destination { DestinationSelector = { ["create-nse"] = "true" } },
            },
        }));

        var counter = new CountElement();
        var created = new StrongBox<int>();
        var maker = new LambdaElement(async (r, c, next) =>
        {
            if (Interlocked.Increment(ref created.Value) == 1)
            {
                await domain.Nodes[1].NewEndpointAsync(new SandboxEndpointOptions
                {
                    Name = "nse-impl",
                    Services = [ns],
                    Labels = new Dictionary<string, string> { ["nodeName"] = "node[1]" },
                    Servers = [counter],
                });
            }

            throw new InvalidOperationException("nse-maker only makes NSEs");
        });
        await domain.Nodes[0].NewEndpointAsync(new SandboxEndpointOptions
        {
            Name = "nse-maker",
            Services = [ns],
            Labels = new Dictionary<string, string> { ["create-nse"] = "true" },
            Servers = [maker],
        });

        var nsc = domain.Nodes[1].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(ns), Long);
        Assert.Equal("nse-impl", conn.Path.PathSegments[^1].Name);
        Assert.Equal(1, counter.Requests);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);
        var conn2 = await nsc.RequestAsync(SandboxClient.DefaultRequest(ns));
        Assert.Equal(3, counter.Requests);

        await nsc.CloseAsync(conn);
        await nsc.CloseAsync(conn2);
        await domain.AssertNoConnectionsAsync();
    }
}
