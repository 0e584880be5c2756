using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// The guide's multi-cluster section at the chain level: cluster A's nsmgrs read <c>nsm.yaml</c> (the
/// <c>nsm-config</c> ConfigMap) whose <c>registry.url</c> names cluster B's nsmgr; a service registered in A whose
/// match selects <c>cluster: cluster-b</c> reaches an NSE of B.
/// </summary>
public sealed class FederationScenarioTests : IDisposable
{
    private const string Service = "cross-cluster-service";
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-federation-").FullName;

    // One CA for both clusters, as federated SPIRE servers: each trusts the other's SVIDs.
    private readonly DevCertificateAuthority _ca = new(SandboxOptions.DefaultTrustDomain, TimeProvider.System);

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_client_in_cluster_a_reaches_an_endpoint_of_cluster_b_through_both_nsmgrs()
    {
        var (a, b) = (Config("a"), Config("b"));
        await using var clusterA = await ClusterAsync("a", a);
        await using var clusterB = await ClusterAsync("b", b);
        Point(a, clusterB);
        Point(b, clusterA);
        await clusterA.RegisterServiceAsync(Service, ns => ns.Matches.Add(new Match
        {
            Routes = { new Destination { DestinationSelector = { ["cluster"] = "cluster-b" } } },
        }));
        var counter = new CountElement();
        await clusterB.Nodes[0].NewEndpointAsync(new SandboxEndpointOptions
        {
            Name = "nse-b",
            Services = [Service],
            Labels = new Dictionary<string, string> { ["cluster"] = "cluster-b" },
            Servers = [counter],
        });
        var nsc = clusterA.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

        Assert.Equal(["nsc", "nsmgr-a", "forwarder-a", "nsmgr-b", "forwarder-b", "nse-b"], conn.Path.PathSegments.Select(s => s.Name));
        Assert.Equal(1, counter.Requests);
        var refreshed = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(conn.Path.PathSegments.Select(s => s.Id), refreshed.Path.PathSegments.Select(s => s.Id));
        await nsc.CloseAsync(refreshed);
        Assert.Equal(1, counter.Closes);
        await clusterA.AssertNoConnectionsAsync();
        await clusterB.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Each_cluster_lists_its_own_records_first_and_the_other_clusters_after_them_without_asking_in_circles()
    {
        var (a, b) = (Config("a"), Config("b"));
        await using var clusterA = await ClusterAsync("a", a);
        await using var clusterB = await ClusterAsync("b", b);
        Point(a, clusterB);
        Point(b, clusterA);
        await clusterA.Nodes[0].NewEndpointAsync("shared", ["svc"]);
        await clusterB.Nodes[0].NewEndpointAsync("shared", ["svc"]);
        await clusterB.Nodes[0].NewEndpointAsync("only-b", ["svc"]);

        var seenFromA = await clusterA.FindEndpointsAsync("", clusterA.Nodes[0].Nsmgr.Url);
        var seenFromB = await clusterB.FindEndpointsAsync("", clusterB.Nodes[0].Nsmgr.Url);
        var unknown = await clusterA.FindEndpointsAsync("nobody", clusterA.Nodes[0].Nsmgr.Url);

        Assert.Equal(["forwarder-a", "shared"], seenFromA.Take(2).Select(e => e.Name).Order());
        Assert.Equal(["forwarder-b", "only-b"], seenFromA.Skip(2).Select(e => e.Name).Order());
        Assert.StartsWith("unix://" + clusterA.Dir, Assert.Single(seenFromA, e => e.Name == "shared").Url, StringComparison.Ordinal);
        Assert.Equal(clusterB.Nodes[0].Nsmgr.Url.ToString(), Assert.Single(seenFromA, e => e.Name == "only-b").Url);
        Assert.Equal(["forwarder-b", "only-b", "shared"], seenFromB.Take(3).Select(e => e.Name).Order());
        Assert.Equal(["forwarder-a"], seenFromB.Skip(3).Select(e => e.Name));
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task Without_the_other_cluster_a_find_answers_with_this_clusters_records_and_a_change_of_nsm_yaml_takes_effect()
    {
        var a = Config("a");
        await using var clusterA = await ClusterAsync("a", a);
        await clusterA.Nodes[0].NewEndpointAsync("local", ["svc"]);
        File.WriteAllText(a, "registry:\n  url: unix://" + Path.Combine(_dir, "nobody.sock") + "\n");

        var found = await clusterA.FindEndpointsAsync("local", clusterA.Nodes[0].Nsmgr.Url);
        Assert.Equal(["local"], found.Select(e => e.Name));

        await using var clusterB = await ClusterAsync("b", Config("b"));
        await clusterB.Nodes[0].NewEndpointAsync("remote", ["svc"]);
        Assert.Empty(await clusterA.FindEndpointsAsync("remote", clusterA.Nodes[0].Nsmgr.Url));
        Point(a, clusterB);
        Assert.Equal(["remote"], (await clusterA.FindEndpointsAsync("remote", clusterA.Nodes[0].Nsmgr.Url)).Select(e => e.Name));
        File.Delete(a);
        Assert.Empty(await clusterA.FindEndpointsAsync("remote", clusterA.Nodes[0].Nsmgr.Url));
    }

    [Fact]
    public async Task A_federated_find_is_answered_by_the_other_cluster_alone()
    {
        var (a, b) = (Config("a"), Config("b"));
        await using var clusterA = await ClusterAsync("a", a);
        await using var clusterB = await ClusterAsync("b", b);
        Point(a, clusterB);
        Point(b, clusterA);
        await clusterA.Nodes[0].NewEndpointAsync("only-a", ["svc"]);
        using var channel = clusterB.ContextOf("test").CreateChannel(clusterB.Nodes[0].Nsmgr.Url);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);

        using var call = client.Find(
            new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = "only-a" } },
            new Grpc.Core.Metadata { { Nsm.Sdk.Registry.Common.Federation.RegistryFederation.Header, "1" } });

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private string Config(string cluster) => Path.Combine(_dir, cluster + ".yaml");

    private static void Point(string config, SandboxDomain other) =>
        File.WriteAllText(config, $"registry:\n  url: \"{other.Nodes[0].Nsmgr.Url}\"\ntunnel:\n  type: wireguard\n");

    private Task<SandboxDomain> ClusterAsync(string name, string config) => SandboxDomain.BuildAsync(new SandboxOptions
    {
        ClusterConfigPath = config,
        CertificateAuthority = _ca,
        NodeSetup = n =>
        {
            n.NsmgrName = "nsmgr-" + name;
            n.ForwarderName = "forwarder-" + name;
        },
    });
}
