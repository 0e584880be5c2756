using System.Net;
using System.Text.Json;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Tests.Shared;

namespace Nsm.E2E.Tests;

/// <summary>
/// Interdomain across a real NAT (upstream's swapip, <c>NSM_MAP_IP_FILE_PATH</c>): each domain's node sits behind its
/// own router namespace that 1:1 NATs the node's internal address to an external one with nftables (conntrack DNAT
/// on the way in, SNAT on the way out); the two routers are joined by the "outside" link, the only way between the
/// domains. Internal: 10.213.71.2 (cluster1), 10.213.72.2 (cluster2); external: 198.18.1.2, 198.18.2.2 (RFC 2544's
/// benchmark range); outside link 198.18.0.1/30 ↔ 198.18.0.2/30. Each domain names the other's registry and
/// nsmgr-proxy by their external addresses, and each nsmgr-proxy has a <c>map-ip.yaml</c> for its own node. The
/// client of cluster1 pings the NSE of cluster2 over the forced tunnel mechanism; the tunnel's ends are the other
/// node's external address, and a capture of both directions of the outside link holds only external addresses. Over
/// VXLAN the other direction follows (a client of cluster2, an NSE of cluster1).
/// </summary>
[Collection("mesh")]
public sealed class InterdomainNatTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private static readonly string[] Internal = ["10.213.71.2", "10.213.72.2"];
    private static readonly string[] External = ["198.18.1.2", "198.18.2.2"];

    [RootFact]
    public Task A_client_pings_an_endpoint_of_another_domain_through_a_nat_over_vxlan() => RunAsync("VXLAN");

    [RootFact]
    public Task A_client_pings_an_endpoint_of_another_domain_through_a_nat_over_wireguard() => RunAsync("WIREGUARD");

    /// <summary>
    /// The control, then the reload: the same NAT while the <c>map-ip.yaml</c> files do not exist yet. The Request still
    /// succeeds (the control plane goes to external addresses), but each tunnel points at the other node's internal
    /// address, which the routers do not route: no tunnel packet crosses and the ping fails. Then the files are written
    /// (the running proxies read them on their next use), and a new client's connection crosses.
    /// </summary>
    [RootFact]
    public Task Without_map_ip_nothing_crosses_the_nat_until_the_files_are_written() => RunAsync("VXLAN", mapIp: false);

    private async Task RunAsync(string mechanism, bool mapIp = true)
    {
        await using var mesh = new Mesh(programs);
        string[] nodes = [mesh.AddNamespace("d1"), mesh.AddNamespace("d2")];
        string[] routers = [mesh.AddNamespace("r1"), mesh.AddNamespace("r2")];
        var nscNs = mesh.AddNamespace("nsc");
        var nseNs = mesh.AddNamespace("nse");
        BuildNat(nodes, routers, mesh.Dir);

        var domains = new InterdomainNode[2];
        for (var i = 0; i < 2; i++)
        {
            var (k, other) = (i + 1, 2 - i);
            var domainsFile = Path.Combine(mesh.Dir, $"domains-{k}");
            File.WriteAllText(domainsFile, $"""
                registry.nsm-system.cluster{k} tcp://{Internal[i]}:5002
                nsmgr-proxy.nsm-system.cluster{k} tcp://{Internal[i]}:5004
                registry.nsm-system.cluster{other} tcp://{External[other - 1]}:5002
                nsmgr-proxy.nsm-system.cluster{other} tcp://{External[other - 1]}:5004

                """);
            domains[i] = new InterdomainNode(k, nodes[i], Internal[i], domainsFile) { RegistryOnTcp = true, MapIpFile = MapIpFile(mesh, i), MechanismPriority = mechanism };
            if (mapIp)
            {
                WriteMapIp(mesh, i);
            }
        }

        foreach (var domain in domains)
        {
            await InterdomainMeshTests.StartDomainAsync(mesh, programs, domain);
        }

        var nse = mesh.Start("nse", nseNs, programs.Dll("nse-icmp-responder", "nsm-nse-icmp-responder"),
            ("NSM_NAME", "icmp-nse"), ("NSM_CONNECT_TO", "unix://" + InterdomainMeshTests.Sock(mesh, "nsmgr-2")), ("NSM_LISTEN_ON", "unix://" + InterdomainMeshTests.Sock(mesh, "nse")),
            ("NSM_SERVICE_NAMES", "icmp-responder"), ("NSM_CIDR_PREFIX", "172.16.1.100/31"),
            ("NSM_PAYLOAD", mechanism == "VXLAN" ? "ETHERNET" : "IP")); // WireGuard carries IP payloads only
        await Mesh.WaitForOutputAsync(nse, "registered", TimeSpan.FromSeconds(30));

        // Both directions of the outside link: each router's capture holds what it received from the other.
        using var r1 = NetNs.Open("/run/netns/" + routers[0]);
        using var r2 = NetNs.Open("/run/netns/" + routers[1]);
        List<CapturedPacket> control;
        MeshProcess nsc;
        using (var fromR2 = await CaptureAsync(r1, "r1-out"))
        using (var fromR1 = await CaptureAsync(r2, "r2-out"))
        {
            nsc = StartClient(mesh, nscNs, "nsc", liveness: mapIp); // the control's dead tunnel stays as it is
            await Mesh.WaitForOutputAsync(nsc, "connected to", TimeSpan.FromSeconds(60));
            control = [.. fromR1.ReadPackets(2048, TimeSpan.FromSeconds(1)), .. fromR2.ReadPackets(2048, TimeSpan.FromSeconds(1))];
        }

        // The control plane crossed the NAT (TCP to the other domain's registry and nsmgr-proxy) between external addresses only.
        AssertOnlyExternal(control);
        Assert.Contains(control, p => p.IpProtocol == 6 && p.DestinationPort == 5004 && Is(p, 0, 1));
        Assert.Contains(control, p => p.IpProtocol == 6 && p.DestinationPort == 5002 && Is(p, 0, 1));

        if (!mapIp)
        {
            using (var fromR2 = await CaptureAsync(r1, "r1-out"))
            using (var fromR1 = await CaptureAsync(r2, "r2-out"))
            {
                Assert.Equal((Internal[0], Internal[1]), VxlanEnds(nscNs));
                Assert.Equal((Internal[1], Internal[0]), VxlanEnds(nseNs));
                Assert.False(Mesh.Ping(nscNs, "172.16.1.100", count: 2), "without map-ip the ping must not cross the NAT");
                Assert.DoesNotContain([.. fromR1.ReadPackets(2048, TimeSpan.FromSeconds(1)), .. fromR2.ReadPackets(2048, TimeSpan.FromSeconds(1))], p => p.IpProtocol == 17);
            }

            // The reload: the files appear while the proxies run; the client's next connection crosses.
            await nsc.StopAsync(TimeSpan.FromSeconds(15));
            WriteMapIp(mesh, 0);
            WriteMapIp(mesh, 1);
            await Mesh.WaitForOutputAsync(StartClient(mesh, nscNs, "nsc-again", liveness: true), "connected to", TimeSpan.FromSeconds(60));
        }

        List<CapturedPacket> data;
        using (var fromR2 = await CaptureAsync(r1, "r1-out"))
        using (var fromR1 = await CaptureAsync(r2, "r2-out"))
        {
            Assert.True(Mesh.Ping(nscNs, "172.16.1.100"), "ping across the NAT failed\n" + mesh.Logs());
            Assert.True(Mesh.Ping(nseNs, "172.16.1.101"), "ping back across the NAT failed\n" + mesh.Logs());
            data = [.. fromR1.ReadPackets(2048, TimeSpan.FromSeconds(1)), .. fromR2.ReadPackets(2048, TimeSpan.FromSeconds(1))];
        }

        // The data plane: the tunnel between the external addresses both ways, nothing else.
        AssertOnlyExternal(data);
        Func<CapturedPacket, bool> tunnel = mechanism == "VXLAN" ? p => p.IpProtocol == 17 && p.DestinationPort == 4789 : p => p.IpProtocol == 17 && p.DestinationPort >= 51820;
        Assert.True(data.Count(p => tunnel(p) && Is(p, 0, 1)) >= 3 && data.Count(p => tunnel(p) && Is(p, 1, 0)) >= 3,
            $"{mechanism} between the external addresses both ways expected:\n" + string.Join('\n', data.Take(40)));
        Assert.DoesNotContain(data, p => p.IpProtocol == 1); // the pings travel inside the tunnel only

        if (mechanism == "VXLAN")
        {
            // The mechanism each forwarder got: its own internal address as local, the other node's external one as remote.
            Assert.Equal((Internal[0], External[1]), VxlanEnds(nscNs));
            Assert.Equal((Internal[1], External[0]), VxlanEnds(nseNs));
        }

        if (mechanism == "VXLAN" && mapIp)
        {
            await ReverseAsync(mesh, r1, r2);
        }
    }

    /// <summary>
    /// The other direction, the proxies' roles swapped: a client of cluster2 pings an NSE of cluster1
    /// (<c>icmp-responder-1@cluster1</c>); cluster2's proxy is now the source side.
    /// </summary>
    private async Task ReverseAsync(Mesh mesh, NetNs r1, NetNs r2)
    {
        var nseNs = mesh.AddNamespace("nse1");
        var nscNs = mesh.AddNamespace("nsc2");
        var nse = mesh.Start("nse-1", nseNs, programs.Dll("nse-icmp-responder", "nsm-nse-icmp-responder"),
            ("NSM_NAME", "icmp-nse-1"), ("NSM_CONNECT_TO", "unix://" + InterdomainMeshTests.Sock(mesh, "nsmgr-1")), ("NSM_LISTEN_ON", "unix://" + InterdomainMeshTests.Sock(mesh, "nse-1")),
            ("NSM_SERVICE_NAMES", "icmp-responder-1"), ("NSM_CIDR_PREFIX", "172.16.2.100/31"));
        await Mesh.WaitForOutputAsync(nse, "registered", TimeSpan.FromSeconds(30));
        var nsc = mesh.Start("nsc-2", nscNs, programs.Dll("nsc", "nsm-nsc"),
            ("NSM_NAME", "nsc-2"), ("NSM_CONNECT_TO", "unix://" + InterdomainMeshTests.Sock(mesh, "nsmgr-2")), ("NSM_NETWORK_SERVICES", "kernel://icmp-responder-1@cluster1/nsm-1"));
        await Mesh.WaitForOutputAsync(nsc, "connected to", TimeSpan.FromSeconds(60));

        List<CapturedPacket> data;
        using (var fromR2 = await CaptureAsync(r1, "r1-out"))
        using (var fromR1 = await CaptureAsync(r2, "r2-out"))
        {
            Assert.True(Mesh.Ping(nscNs, "172.16.2.100"), "ping from cluster2 to cluster1 across the NAT failed\n" + mesh.Logs());
            data = [.. fromR1.ReadPackets(2048, TimeSpan.FromSeconds(1)), .. fromR2.ReadPackets(2048, TimeSpan.FromSeconds(1))];
        }

        AssertOnlyExternal(data);
        Assert.Contains(data, p => p.IpProtocol == 17 && p.DestinationPort == 4789 && Is(p, 1, 0));
        Assert.Equal((Internal[1], External[0]), VxlanEnds(nscNs));
        Assert.Equal((Internal[0], External[1]), VxlanEnds(nseNs));
    }

    private static string MapIpFile(Mesh mesh, int i) => Path.Combine(mesh.Dir, $"map-ip-{i + 1}.yaml");

    /// <summary>Writes node i's <c>map-ip.yaml</c> (upstream's format: internal address: external address).</summary>
    private static void WriteMapIp(Mesh mesh, int i) => File.WriteAllText(MapIpFile(mesh, i), $"{Internal[i]}: {External[i]}\n");

    private MeshProcess StartClient(Mesh mesh, string netns, string name, bool liveness) =>
        mesh.Start(name, netns, programs.Dll("nsc", "nsm-nsc"),
            ("NSM_NAME", "nsc"), ("NSM_CONNECT_TO", "unix://" + InterdomainMeshTests.Sock(mesh, "nsmgr-1")), ("NSM_NETWORK_SERVICES", "kernel://icmp-responder@cluster2/nsm-1"),
            ("NSM_LIVENESS_CHECK_ENABLED", liveness ? "true" : "false"));

    private static async Task<PacketCapture> CaptureAsync(NetNs ns, string link)
    {
        using var nl = await ns.OpenNetlinkAsync();
        return await PacketCapture.OpenAsync(ns, (await nl.GetLinkAsync(link)).Index);
    }

    private static void AssertOnlyExternal(List<CapturedPacket> packets)
    {
        var leaked = packets.Where(p => p.Source is not null && (!IsExternal(p.Source) || !IsExternal(p.Destination!))).ToList();
        Assert.True(leaked.Count == 0, "internal addresses on the outside link:\n" + string.Join('\n', leaked.Take(20)));
    }

    private static bool IsExternal(IPAddress address) => address.GetAddressBytes() is [198, 18, ..];

    private static bool Is(CapturedPacket p, int from, int to) =>
        p.Source!.ToString() == External[from] && p.Destination!.ToString() == External[to];

    /// <summary>The local and remote address of the one vxlan device in a pod namespace.</summary>
    private static (string Local, string Remote) VxlanEnds(string netns)
    {
        var json = Mesh.RunTool("ip", $"-d -j -n {netns} link show type vxlan", TimeSpan.FromSeconds(10));
        using var doc = JsonDocument.Parse(json);
        var data = Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("linkinfo").GetProperty("info_data");
        return (data.GetProperty("local").GetString()!, data.GetProperty("remote").GetString()!);
    }

    /// <summary>
    /// Node i (internal .2 on 10.213.7(1+i).0/24, default route via its router's .1) behind router i, whose nftables
    /// table <c>nsm-e2e-nat</c> DNATs External[i] to Internal[i] coming in on the outside link and SNATs Internal[i] to
    /// External[i] going out on it. IPv6 is off in the routers, so the outside link carries IPv4 only.
    /// </summary>
    private static void BuildNat(string[] nodes, string[] routers, string dir)
    {
        var timeout = TimeSpan.FromSeconds(10);
        foreach (var router in routers)
        {
            Mesh.RunTool("ip", $"netns exec {router} sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=1", timeout);
        }

        Mesh.RunTool("ip", $"link add r1-out netns {routers[0]} type veth peer name r2-out netns {routers[1]}", timeout);
        for (var i = 0; i < 2; i++)
        {
            var (r, other) = (i + 1, 2 - i);
            Mesh.RunTool("ip", $"link add n{r}-in netns {routers[i]} type veth peer name eth0 netns {nodes[i]}", timeout);
            Mesh.RunTool("ip", $"-n {routers[i]} addr add 10.213.7{r}.1/24 dev n{r}-in", timeout);
            Mesh.RunTool("ip", $"-n {routers[i]} addr add 198.18.0.{r}/30 dev r{r}-out", timeout);
            Mesh.RunTool("ip", $"-n {routers[i]} link set n{r}-in up", timeout);
            Mesh.RunTool("ip", $"-n {routers[i]} link set r{r}-out up", timeout);
            Mesh.RunTool("ip", $"-n {routers[i]} route add 198.18.{other}.0/24 via 198.18.0.{other}", timeout);
            Mesh.RunTool("ip", $"-n {nodes[i]} addr add {Internal[i]}/24 dev eth0", timeout);
            Mesh.RunTool("ip", $"-n {nodes[i]} link set eth0 up", timeout);
            Mesh.RunTool("ip", $"-n {nodes[i]} route add default via 10.213.7{r}.1", timeout);
            var rules = Path.Combine(dir, $"nat-{r}.nft");
            File.WriteAllText(rules, $$"""
                table ip nsm-e2e-nat {
                    chain prerouting {
                        type nat hook prerouting priority dstnat; policy accept;
                        iifname "r{{r}}-out" ip daddr {{External[i]}} dnat to {{Internal[i]}}
                    }
                    chain postrouting {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "r{{r}}-out" ip saddr {{Internal[i]}} snat to {{External[i]}}
                    }
                }

                """);
            Mesh.RunTool("ip", $"netns exec {routers[i]} nft -f {rules}", timeout);
        }
    }
}
