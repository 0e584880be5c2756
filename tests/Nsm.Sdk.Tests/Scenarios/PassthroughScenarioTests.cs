using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Common.Passthrough;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

public sealed class PassthroughScenarioTests
{
    private const string Service = "my-service";
    private const int Count = 3;

    [Fact]
    public async Task Passthrough_local_usecase_path_4_per_hop()
    {
        await using var domain = await PassthroughDomainAsync(1);
        await domain.RegisterServiceAsync(Service, ns =>
        {
            // linear: step=i-1 goes to step=i; a request without labels goes to step=0.
            for (var i = 1; i < Count; i++)
            {
                ns.Matches.Add(new Match
                {
                    SourceSelector = { ["step"] = (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    Routes = { new Destination { DestinationSelector = { ["step"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } } },
                });
            }

            ns.Matches.Add(new Match { Routes = { new Destination { DestinationSelector = { ["step"] = "0" } } } });
        });

        var counter = new CountElement();
        var node = domain.Nodes[0];
        for (var i = 0; i < Count; i++)
        {
            var step = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            INetworkServiceServer[] servers = i == Count - 1
                ? [counter]
                : [
                    counter,
                    new ClientUrlServer(node.Nsmgr.Url),
                    new ConnectServer(new NsmClient(new ClientOptions
                    {
                        Name = $"endpoint-client-{i}",
                        Refresh = false,
                        DialTimeout = TimeSpan.FromSeconds(2),
                        AdditionalFunctionality = [new MechanismTranslationClient(), new PassthroughClient(new Dictionary<string, string> { ["step"] = step })],
                    }, node.Domain.ContextOf($"endpoint-{i}"))),
                ];
            var nse = await node.NewEndpointAsync($"endpoint-{i}", [Service], servers);
            await nse.Current!.RegistryClient.RegisterAsync(
                new NetworkServiceEndpoint
                {
                    Name = $"endpoint-{i}",
                    Url = nse.Url.ToString(),
                    NetworkServiceNames = { Service },
                    NetworkServiceLabels = { [Service] = new NetworkServiceLabels { Labels = { ["step"] = step } } },
                },
                new NsmContext());
        }

        var nsc = node.NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal((4 * (Count - 1)) + 4, conn.Path.PathSegments.Count);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal($"endpoint-{i}", conn.Path.PathSegments[((i + 1) * 4) - 1].Name);
        }

        for (var i = 0; i < 3; i++)
        {
            conn = await nsc.RequestAsync(new() { Connection = conn.Clone() });
            Assert.Equal((4 * (Count - 1)) + 4, conn.Path.PathSegments.Count);
        }

        await nsc.CloseAsync(conn);
        AssertEveryHopClosed(counter, Count);
        await domain.AssertNoConnectionsAsync();
    }
}
