namespace Nsm.E2E.Tests;

/// <summary>
/// Interdomain with the real programs: two domains, each a "node" namespace (joined by one veth) running its registry
/// (with <c>NSM_PROXY_REGISTRY_URL</c>), nsmgr-proxy (TCP on the node address), registry-proxy-dns (domains from
/// <c>NSM_DOMAINS_FILE</c>), nsmgr and kernel forwarder. A client of cluster1 asks for <c>icmp-responder@cluster2</c>;
/// the only way there is through both proxies, and the data crosses the nodes over a remote mechanism.
/// </summary>
[Collection("mesh")]
public sealed class InterdomainMeshTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public Task A_client_of_one_domain_pings_an_endpoint_of_another_through_both_proxies() => RunAsync(floating: false);

    /// <summary>Floating interdomain: the endpoint registers as <c>icmp-nse@floating</c> in a registry of no cluster's own (a third domain).</summary>
    [RootFact]
    public Task A_client_reaches_an_endpoint_registered_in_a_floating_registry() => RunAsync(floating: true);

    private async Task RunAsync(bool floating)
    {
        await using var mesh = new Mesh(programs);
        var node1 = mesh.AddNamespace("d1");
        var node2 = mesh.AddNamespace("d2");
        var nscNs = mesh.AddNamespace("nsc");
        var nseNs = mesh.AddNamespace("nse");
        Mesh.RunTool("ip", $"link add id-d1 netns {node1} type veth peer name id-d2 netns {node2}", TimeSpan.FromSeconds(10));
        foreach (var (ns, link, address) in new[] { (node1, "id-d1", "10.213.70.1/24"), (node2, "id-d2", "10.213.70.2/24") })
        {
            Mesh.RunTool("ip", $"-n {ns} addr add {address} dev {link}", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"-n {ns} link set {link} up", TimeSpan.FromSeconds(10));
        }

        var domains = Path.Combine(mesh.Dir, "domains");
        File.WriteAllText(domains, $"""
            registry.nsm-system.cluster1 unix://{Sock(mesh, "registry-1")}
            nsmgr-proxy.nsm-system.cluster1 tcp://10.213.70.1:5004
            registry.nsm-system.cluster2 unix://{Sock(mesh, "registry-2")}
            nsmgr-proxy.nsm-system.cluster2 tcp://10.213.70.2:5004
            registry.nsm-system.floating unix://{Sock(mesh, "registry-floating")}

            """);
        if (floating)
        {
            mesh.Start("registry-floating", null, programs.Dll("registry", "nsm-registry"), ("NSM_NAME", "registry-floating"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, "registry-floating")));
            await Mesh.WaitAsync("the floating registry", () => File.Exists(Sock(mesh, "registry-floating")), TimeSpan.FromSeconds(30));
        }

        await StartDomainAsync(mesh, 1, node1, domains);
        await StartDomainAsync(mesh, 2, node2, domains);

        var nse = mesh.Start("nse", nseNs, programs.Dll("nse-icmp-responder", "nsm-nse-icmp-responder"),
            ("NSM_NAME", floating ? "icmp-nse@floating" : "icmp-nse"), ("NSM_CONNECT_TO", "unix://" + Sock(mesh, "nsmgr-2")), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, "nse")),
            ("NSM_SERVICE_NAMES", floating ? "icmp-responder@floating" : "icmp-responder"), ("NSM_CIDR_PREFIX", "172.16.1.100/31"));
        await Mesh.WaitForOutputAsync(nse, "registered", TimeSpan.FromSeconds(30));

        var nsc = mesh.Start("nsc", nscNs, programs.Dll("nsc", "nsm-nsc"),
            ("NSM_NAME", "nsc"), ("NSM_CONNECT_TO", "unix://" + Sock(mesh, "nsmgr-1")), ("NSM_NETWORK_SERVICES", $"kernel://icmp-responder@{(floating ? "floating" : "cluster2")}/nsm-1"));
        await Mesh.WaitForOutputAsync(nsc, "connected to", TimeSpan.FromSeconds(60));

        Assert.True(Mesh.Ping(nscNs, "172.16.1.100"), "ping across the domains failed\n" + mesh.Logs());
        Assert.True(Mesh.Ping(nseNs, "172.16.1.101"), "ping back failed\n" + mesh.Logs());
        Assert.Contains($"endpoint icmp-nse@{(floating ? "floating" : "cluster2")}", nsc.Output, StringComparison.Ordinal);
    }

    private static string Sock(Mesh mesh, string name) => Path.Combine(mesh.Dir, name + ".sock");

    private async Task StartDomainAsync(Mesh mesh, int k, string node, string domains)
    {
        mesh.Start($"registry-{k}", node, programs.Dll("registry", "nsm-registry"),
            ("NSM_NAME", $"registry-{k}"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"registry-{k}")), ("NSM_PROXY_REGISTRY_URL", "unix://" + Sock(mesh, $"nsmgr-proxy-{k}")));
        mesh.Start($"registry-proxy-dns-{k}", node, programs.Dll("registry-proxy-dns", "nsm-registry-proxy-dns"),
            ("NSM_NAME", $"registry-proxy-dns-{k}"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"registry-proxy-dns-{k}")), ("NSM_DOMAINS_FILE", domains));
        mesh.Start($"nsmgr-proxy-{k}", node, programs.Dll("nsmgr-proxy", "nsm-nsmgr-proxy"),
            ("NSM_NAME", $"nsmgr-proxy-{k}"), ("NSM_LISTEN_ON", $"tcp://10.213.70.{k}:5004,unix://{Sock(mesh, $"nsmgr-proxy-{k}")}"),
            ("NSM_REGISTRY_URL", "unix://" + Sock(mesh, $"registry-{k}")), ("NSM_REGISTRY_PROXY_URL", "unix://" + Sock(mesh, $"registry-proxy-dns-{k}")));
        await Mesh.WaitAsync($"domain {k}'s registry and proxies", () => new[] { $"registry-{k}", $"registry-proxy-dns-{k}", $"nsmgr-proxy-{k}" }.All(s => File.Exists(Sock(mesh, s))), TimeSpan.FromSeconds(30));
        var nsmgr = mesh.Start($"nsmgr-{k}", node, programs.Dll("nsmgr", "nsm-nsmgr"),
            ("NSM_NAME", $"nsmgr-{k}"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"nsmgr-{k}")), ("NSM_REGISTRY_URL", "unix://" + Sock(mesh, $"registry-{k}")));
        await Mesh.WaitForOutputAsync(nsmgr, "started", TimeSpan.FromSeconds(30));
        var forwarder = mesh.Start($"forwarder-{k}", node, programs.Dll("forwarder-kernel", "nsm-forwarder-kernel"),
            ("NSM_NAME", $"forwarder-{k}"), ("NSM_CONNECT_TO", "unix://" + Sock(mesh, $"nsmgr-{k}")), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"forwarder-{k}")));
        await Mesh.WaitForOutputAsync(forwarder, "registered", TimeSpan.FromSeconds(30));
    }
}
