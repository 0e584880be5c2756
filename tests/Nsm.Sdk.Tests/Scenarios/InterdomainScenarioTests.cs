using System.Net;
using Grpc.Core;
using Mechanism = Nsm.Api.NetworkService.Mechanism;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgrproxy/server_test.go: interdomain and floating interdomain usecases.</summary>
public sealed class InterdomainScenarioTests : IDisposable
{
    // One CA for the domains of a test, as federated SPIRE servers: each trusts the others' SVIDs.
    private readonly DevCertificateAuthority _ca = new(SandboxOptions.DefaultTrustDomain, TimeProvider.System);

    public void Dispose() => _ca.Dispose();

    private Task<SandboxDomain> DomainAsync(string name, SandboxDomainResolver names, int nodes = 1) =>
        SandboxDomain.BuildAsync(new SandboxOptions { Nodes = nodes, DomainName = name, Resolver = names, Interdomain = true, CertificateAuthority = _ca });

    [Fact]
    public async Task Interdomain_usecase_path_8_crosses_both_proxies()
    {
        var names = new SandboxDomainResolver();
        await using var cluster1 = await DomainAsync("cluster1", names);
        await using var cluster2 = await DomainAsync("cluster2", names);
        await cluster2.RegisterServiceAsync("my-service");
        var counter = new CountElement();
        await cluster2.Nodes[0].NewEndpointAsync("final-endpoint", ["my-service"], counter);
        var nsc = cluster1.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest("my-service@cluster2"));

        Assert.Equal(1, counter.Requests);
        Assert.Equal(
            ["nsc", "nsmgr-0", "forwarder-0", "nsmgr-proxy-cluster1", "nsmgr-proxy-cluster2", "nsmgr-0", "forwarder-0", "final-endpoint"],
            conn.Path.PathSegments.Select(s => s.Name));
        Assert.Equal("my-service@cluster2", conn.NetworkService);
        Assert.Equal("final-endpoint@cluster2", conn.NetworkServiceEndpointName);

        var refreshed = await nsc.RequestAsync(new() { Connection = conn.Clone() });
        Assert.Equal(2, counter.Requests);
        Assert.Equal(1, counter.UniqueRequests);
        Assert.Equal(conn.Path.PathSegments.Select(s => s.Id), refreshed.Path.PathSegments.Select(s => s.Id));

        await nsc.CloseAsync(refreshed);
        Assert.Equal(1, counter.Closes);
        await cluster1.AssertNoConnectionsAsync();
        await cluster2.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Interdomain_endpoint_by_name_at_domain()
    {
        var names = new SandboxDomainResolver();
        await using var cluster1 = await DomainAsync("cluster1", names);
        await using var cluster2 = await DomainAsync("cluster2", names);
        await cluster2.RegisterServiceAsync("my-service");
        var counter = new CountElement();
        await cluster2.Nodes[0].NewEndpointAsync("nse-a", ["my-service"], counter);
        await cluster2.Nodes[0].NewEndpointAsync("nse-b", ["my-service"]);
        var nsc = cluster1.Nodes[0].NewClient();
        var request = SandboxClient.DefaultRequest("my-service@cluster2");
        request.Connection.NetworkServiceEndpointName = "nse-a@cluster2";

        var conn = await nsc.RequestAsync(request);

        Assert.Equal(1, counter.Requests);
        Assert.Equal("nse-a@cluster2", conn.NetworkServiceEndpointName);
        await nsc.CloseAsync(conn);
    }

    [Fact]
    public async Task Floating_interdomain_usecase_through_a_shared_registry()
    {
        var names = new SandboxDomainResolver();
        await using var floating = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = 0, DomainName = "floating.domain", Resolver = names, CertificateAuthority = _ca });
        await using var cluster1 = await DomainAsync("cluster1", names);
        await using var cluster2 = await DomainAsync("cluster2", names);
        await floating.RegisterServiceAsync("my-service");
        var counter = new CountElement();
        await cluster2.Nodes[0].NewEndpointAsync("final-endpoint@floating.domain", ["my-service@floating.domain"], counter);

        var stored = floating.Registry!.Current!.EndpointStore.Get("final-endpoint");
        Assert.NotNull(stored);
        Assert.Equal(cluster2.NsmgrProxy!.Url.ToString(), stored.Url);

        var nsc = cluster1.Nodes[0].NewClient();
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest("my-service@floating.domain"));

        Assert.Equal(1, counter.Requests);
        Assert.Equal(
            ["nsc", "nsmgr-0", "forwarder-0", "nsmgr-proxy-cluster1", "nsmgr-proxy-cluster2", "nsmgr-0", "forwarder-0", "final-endpoint@floating.domain"],
            conn.Path.PathSegments.Select(s => s.Name));

        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await cluster1.AssertNoConnectionsAsync();
        await cluster2.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Swapip_the_remote_side_sees_external_addresses_and_the_source_gets_its_own_back()
    {
        // Each proxy's map-ip.yaml names its own node; the forwarders stand in for kernel ones with VXLAN addresses.
        var names = new SandboxDomainResolver();
        var dir = Directory.CreateTempSubdirectory("nsm-swapip-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), "10.0.1.2: 203.0.113.1\n");
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "10.0.2.2: 198.51.100.2\n");
            SandboxOptions Domain(string name, string map) => new()
            {
                DomainName = name,
                Resolver = names,
                Interdomain = true,
                MapIpFilePath = Path.Combine(dir, map),
                NodeSetup = s => s.DefaultForwarder = false,
                CertificateAuthority = _ca,
            };

            await using var cluster1 = await SandboxDomain.BuildAsync(Domain("cluster1", "a.yaml"));
            await using var cluster2 = await SandboxDomain.BuildAsync(Domain("cluster2", "b.yaml"));
            Mechanism? answered = null;
            await cluster1.Nodes[0].NewForwarderAsync("forwarder-0", clients:
            [
                new LambdaElement(async (r, c, n) =>
                {
                    r.MechanismPreferences.Add(VxlanMechanism.New(IPAddress.Parse("10.0.1.2")));
                    var conn = await n.RequestAsync(r, c);
                    answered = conn.Mechanism?.Clone();
                    return conn;
                }),
            ]);
            Mechanism? offered = null;
            await cluster2.Nodes[0].NewForwarderAsync("forwarder-0", servers:
            [
                new LambdaElement((r, c, n) =>
                {
                    offered = r.MechanismPreferences.Single(m => m.Type == VxlanMechanism.MechanismType).Clone();
                    r.Connection.Mechanism = offered.Clone();
                    r.Connection.Mechanism.Parameters[CommonParameters.DstIP] = "10.0.2.2";
                    return n.RequestAsync(r, c);
                }),
            ]);
            await cluster2.RegisterServiceAsync("my-service");
            await cluster2.Nodes[0].NewEndpointAsync("final-endpoint", ["my-service"]);
            var nsc = cluster1.Nodes[0].NewClient();

            var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest("my-service@cluster2"));

            Assert.Equal(8, conn.Path.PathSegments.Count);
            Assert.Equal("203.0.113.1", offered!.Parameters[CommonParameters.SrcIP]);
            Assert.Equal("10.0.1.2", offered.Parameters[CommonParameters.SrcOriginalIP]);
            Assert.Equal("10.0.1.2", answered!.Parameters[CommonParameters.SrcIP]);
            Assert.False(answered.Parameters.ContainsKey(CommonParameters.SrcOriginalIP));
            Assert.Equal("198.51.100.2", answered.Parameters[CommonParameters.DstIP]);
            Assert.Equal("10.0.2.2", answered.Parameters[CommonParameters.DstOriginalIP]);

            await nsc.CloseAsync(conn);
            await cluster1.AssertNoConnectionsAsync();
            await cluster2.AssertNoConnectionsAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_domain_fails_with_a_clear_status()
    {
        var names = new SandboxDomainResolver();
        await using var cluster1 = await DomainAsync("cluster1", names);
        var nsc = cluster1.Nodes[0].NewClient(new SandboxClientOptions { Heal = false, Retry = false });

        var ex = await Assert.ThrowsAsync<RpcException>(() => nsc.RequestAsync(SandboxClient.DefaultRequest("my-service@nowhere")));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("domain nowhere", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_remote_registry_fails_with_a_status_that_names_it()
    {
        var names = new SandboxDomainResolver();
        await using var cluster1 = await DomainAsync("cluster1", names);
        await using var cluster2 = await DomainAsync("cluster2", names);
        await cluster2.RegisterServiceAsync("my-service");
        await cluster2.Registry!.StopAsync();
        var nsc = cluster1.Nodes[0].NewClient(new SandboxClientOptions { Heal = false, Retry = false });

        var ex = await Assert.ThrowsAsync<RpcException>(() => nsc.RequestAsync(SandboxClient.DefaultRequest("my-service@cluster2")));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains(cluster2.Registry.Url.ToString(), ex.Status.Detail, StringComparison.Ordinal);
    }
}
