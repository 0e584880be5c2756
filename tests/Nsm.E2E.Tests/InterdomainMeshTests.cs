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

        await StartDomainAsync(mesh, programs, new InterdomainNode(1, node1, "10.213.70.1", domains));
        await StartDomainAsync(mesh, programs, new InterdomainNode(2, node2, "10.213.70.2", domains));

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

    internal static string Sock(Mesh mesh, string name) => Path.Combine(mesh.Dir, name + ".sock");

    /// <summary>
    /// Starts one domain on its node: registry (also on TCP at the node address when <see cref="InterdomainNode.RegistryOnTcp"/>),
    /// registry-proxy-dns, nsmgr-proxy (TCP on the node address; <c>NSM_MAP_IP_FILE_PATH</c> when given), nsmgr and kernel forwarder.
    /// </summary>
    internal static async Task StartDomainAsync(Mesh mesh, ProgramsFixture programs, InterdomainNode d)
    {
        var k = d.K;
        var registryListen = "unix://" + Sock(mesh, $"registry-{k}") + (d.RegistryOnTcp ? $",tcp://{d.Address}:5002" : string.Empty);
        mesh.Start($"registry-{k}", d.Node, programs.Dll("registry", "nsm-registry"),
            ("NSM_NAME", $"registry-{k}"), ("NSM_LISTEN_ON", registryListen), ("NSM_PROXY_REGISTRY_URL", "unix://" + Sock(mesh, $"nsmgr-proxy-{k}")));
        mesh.Start($"registry-proxy-dns-{k}", d.Node, programs.Dll("registry-proxy-dns", "nsm-registry-proxy-dns"),
            ("NSM_NAME", $"registry-proxy-dns-{k}"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"registry-proxy-dns-{k}")), ("NSM_DOMAINS_FILE", d.DomainsFile));
        (string, string)[] proxyEnv =
        [
            ("NSM_NAME", $"nsmgr-proxy-{k}"), ("NSM_LISTEN_ON", $"tcp://{d.Address}:5004,unix://{Sock(mesh, $"nsmgr-proxy-{k}")}"),
            ("NSM_REGISTRY_URL", "unix://" + Sock(mesh, $"registry-{k}")), ("NSM_REGISTRY_PROXY_URL", "unix://" + Sock(mesh, $"registry-proxy-dns-{k}")),
        ];
        mesh.Start($"nsmgr-proxy-{k}", d.Node, programs.Dll("nsmgr-proxy", "nsm-nsmgr-proxy"),
            d.MapIpFile is { } map ? [.. proxyEnv, ("NSM_MAP_IP_FILE_PATH", map)] : proxyEnv);
        await Mesh.WaitAsync($"domain {k}'s registry and proxies", () => new[] { $"registry-{k}", $"registry-proxy-dns-{k}", $"nsmgr-proxy-{k}" }.All(s => File.Exists(Sock(mesh, s))), TimeSpan.FromSeconds(30));
        var nsmgr = mesh.Start($"nsmgr-{k}", d.Node, programs.Dll("nsmgr", "nsm-nsmgr"),
            ("NSM_NAME", $"nsmgr-{k}"), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"nsmgr-{k}")), ("NSM_REGISTRY_URL", "unix://" + Sock(mesh, $"registry-{k}")));
        await Mesh.WaitForOutputAsync(nsmgr, "started", TimeSpan.FromSeconds(30));
        (string, string)[] forwarderEnv = [("NSM_NAME", $"forwarder-{k}"), ("NSM_CONNECT_TO", "unix://" + Sock(mesh, $"nsmgr-{k}")), ("NSM_LISTEN_ON", "unix://" + Sock(mesh, $"forwarder-{k}"))];
        var forwarder = mesh.Start($"forwarder-{k}", d.Node, programs.Dll("forwarder-kernel", "nsm-forwarder-kernel"),
            d.MechanismPriority is { } priority ? [.. forwarderEnv, ("NSM_MECHANISM_PRIORITY", priority)] : forwarderEnv);
        await Mesh.WaitForOutputAsync(forwarder, "registered", TimeSpan.FromSeconds(30));
    }
}

/// <summary>One domain's node for <see cref="InterdomainMeshTests.StartDomainAsync"/>.</summary>
/// <param name="K">The domain's number (1, 2): its programs are <c>registry-K</c>, <c>nsmgr-proxy-K</c>, …</param>
/// <param name="Node">The node's namespace.</param>
/// <param name="Address">The node's address: nsmgr-proxy listens there on port 5004.</param>
/// <param name="DomainsFile">The registry-proxy-dns's <c>NSM_DOMAINS_FILE</c>.</param>
internal sealed record InterdomainNode(int K, string Node, string Address, string DomainsFile)
{
    /// <summary>Gets a value indicating whether the registry listens on TCP at the node address (port 5002) too.</summary>
    public bool RegistryOnTcp { get; init; }

    /// <summary>Gets nsmgr-proxy's <c>NSM_MAP_IP_FILE_PATH</c>, if any.</summary>
    public string? MapIpFile { get; init; }

    /// <summary>Gets the forwarder's <c>NSM_MECHANISM_PRIORITY</c>, if any.</summary>
    public string? MechanismPriority { get; init; }
}
