using System.Diagnostics;
using System.Text.Json.Nodes;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Tests.Shared;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// Connections between two nodes (<c>nsmctl up --nodes 2</c>, the client and the NSE kept apart by upstream's
/// podAntiAffinity): ETHERNET over VXLAN and IP over WireGuard carry ping and TCP both ways, the node network sees only
/// WireGuard's UDP and a WireGuard connection heals when the forwarders are replaced, and the connection heals after the NSE's node loses its forwarder, its nsmgr or its link, and
/// after the NSE dies and a replacement registers.
/// </summary>
public sealed class RemoteTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Nse = "172.16.1.100";
    private const string Client = "172.16.1.101";

    [RootFact]
    public async Task Ethernet_payload_crosses_nodes_over_vxlan_with_ping_and_tcp_both_ways()
    {
        await using var nsmctl = new Nsmctl(programs);
        const string ns = "ns-kernel2kernel";
        await UpAsync(nsmctl, "10.213.44.0/24", "nodes-remote.yaml", ns);

        Assert.Contains("vxlan", Mesh.RunTool("ip", $"-n {nsmctl.PodNetns(ns, "alpine")} -d link show nsm-1", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        await BothWaysAsync(nsmctl, ns);
    }

    [RootFact]
    public async Task Ip_payload_crosses_nodes_over_wireguard_and_the_node_network_carries_only_its_udp()
    {
        await using var nsmctl = new Nsmctl(programs);
        const string ns = "ns-kernel2wireguard2kernel";
        var nodes = await UpAsync(nsmctl, "10.213.45.0/24", "kernel2wireguard2kernel.yaml", ns);
        Assert.Contains("tun", Mesh.RunTool("ip", $"-n {nsmctl.PodNetns(ns, "alpine")} -d link show nsm-1", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);

        // What the NSE's node receives on the node network while the client pings and connects: WireGuard only.
        using var nseNode = NetNs.Open(NodesTests.NodeNetnsPath(nodes.All, nodes.Nse));
        using var capture = await GuideL2Tests.CaptureAsync(nseNode, "eth0");
        await BothWaysAsync(nsmctl, ns);
        var packets = capture.ReadPackets();
        Assert.DoesNotContain(packets, p => p.IpProtocol == 1);
        Assert.DoesNotContain(packets, p => p.IpProtocol == 6 && p.DestinationPort is TestPort);
        Assert.True(packets.Count(p => p.IpProtocol == 17 && p.DestinationPort >= 51820) >= 8, "WireGuard UDP on the node network: " + string.Join(", ", packets));

        // Each node's forwarder is replaced (a new pod, so a new forwarder name: the client's heal selects it and
        // re-requests, it is no refresh). The old forwarder's wireguard-go outlives it (own session, output in a file)
        // and keeps its port: the new forwarder skips that port, and the connection heals.
        foreach (var node in new[] { nodes.Nse, nodes.Client })
        {
            await nsmctl.OkAsync("delete", "pod", "-n", "nsm-system", "-l", "app=forwarder-kernel", "--field-selector", "spec.nodeName==" + node);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-n", "nsm-system", "-l", "app=forwarder-kernel");
            await PingsWithinAsync(nsmctl, ns, TimeSpan.FromSeconds(45), $"after the forwarder on {node} was replaced");
        }
    }

    [RootFact]
    public async Task A_remote_connection_heals_after_the_nse_nodes_forwarder_nsmgr_and_link_fail_and_after_the_nse_dies()
    {
        await using var nsmctl = new Nsmctl(programs);
        const string ns = "ns-kernel2kernel";
        var nodes = await UpAsync(nsmctl, "10.213.46.0/24", "nodes-remote.yaml", ns);
        var clientNs = nsmctl.PodNetns(ns, "alpine");
        var index = InterfaceIndex(clientNs);

        // The forwarder and the nsmgr of the NSE's node are replaced by their DaemonSets: the data plane survives.
        foreach (var app in new[] { "forwarder-kernel", "nsmgr" })
        {
            var healed = await NscLogLinesAsync(nsmctl, ns, "re-established");
            await nsmctl.OkAsync("delete", "pod", "-n", "nsm-system", "-l", "app=" + app, "--field-selector", "spec.nodeName==" + nodes.Nse);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-n", "nsm-system", "-l", "app=" + app);
            await PingsWithinAsync(nsmctl, ns, TimeSpan.FromSeconds(30), $"after {app} on {nodes.Nse} restarted");
            // The data plane survived: the restarted forwarder keeps the vxlan device it made for this connection, and
            // after the nsmgr's restart the client's heal restores the same path (restores refused while the restarted
            // nsmgr's forwarder registers again are retried, not turned into a reselect).
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (app == "nsmgr" && await NscLogLinesAsync(nsmctl, ns, "re-established") == healed && DateTime.UtcNow < until)
            {
                await Task.Delay(500);
            }

            var log = await nsmctl.OkAsync("logs", "alpine", "-n", ns, "-c", "cmd-nsc");
            Assert.True(app != "nsmgr" || await NscLogLinesAsync(nsmctl, ns, "re-established") > healed, $"no heal after {app} on {nodes.Nse} restarted\n{log}");
            Assert.DoesNotContain("switching to reselect", log, StringComparison.Ordinal);
            Assert.True(index == InterfaceIndex(clientNs), $"nsm-1 was replaced after {app} on {nodes.Nse} restarted\n{log}");
        }

        // The NSE's node drops off the node network for a while.
        var link = nodes.All.First(n => n!["metadata"]!["name"]!.GetValue<string>() == nodes.Nse)!["metadata"]!["annotations"]!["nsmctl.io/host-link"]!.GetValue<string>();
        Mesh.RunTool("ip", $"link set {link} down", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Mesh.RunTool("ip", $"link set {link} up", TimeSpan.FromSeconds(10));
        await PingsWithinAsync(nsmctl, ns, TimeSpan.FromSeconds(30), $"after {nodes.Nse}'s link came back");

        // The NSE dies; its Deployment starts a replacement (on the same node: anti-affinity), which registers.
        await nsmctl.OkAsync("delete", "pod", "-n", ns, "-l", "app=nse-kernel");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-n", ns, "-l", "app=nse-kernel");
        await PingsWithinAsync(nsmctl, ns, TimeSpan.FromSeconds(45), "after the NSE was replaced");
    }

    private const int TestPort = 5201;

    private static async Task<int> NscLogLinesAsync(Nsmctl nsmctl, string ns, string text) =>
        (await nsmctl.OkAsync("logs", "alpine", "-n", ns, "-c", "cmd-nsc")).Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private static async Task<(JsonArray All, string Client, string Nse)> UpAsync(Nsmctl nsmctl, string range, string manifest, string ns)
    {
        await nsmctl.OkAsync("up", "--nodes", "2", "--node-network", range);
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", manifest));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nse-kernel", "-n", ns);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "alpine", "-n", ns);
        var pods = await NodesTests.PodsAsync(nsmctl, ns);
        var client = NodesTests.NodesOf(pods, "alpine").Single();
        var nse = NodesTests.NodesOf(pods, "nse-kernel").Single();
        Assert.NotEqual(client, nse);
        var nodes = JsonNode.Parse(await nsmctl.OkAsync("get", "nodes", "-o", "json"))!["items"]!.AsArray();
        await PingsWithinAsync(nsmctl, ns, TimeSpan.FromSeconds(30), "first connection");
        return (nodes, client, nse);
    }

    private static async Task BothWaysAsync(Nsmctl nsmctl, string ns)
    {
        await nsmctl.OkAsync("exec", "pods/alpine", "-n", ns, "--", "ping", "-c", "3", "-i", "0.2", "-W", "3", Nse);
        var clientPath = nsmctl.PodNetnsPath(ns, "alpine");
        var nsePath = nsmctl.PodNetnsPath(ns, "nse-kernel");
        Mesh.RunTool("ip", $"netns exec {Path.GetFileName(nsePath)} ping -c 3 -i 0.2 -W 3 {Client}", TimeSpan.FromSeconds(20));
        using (var atNse = NetnsTcp.Listen(nsePath, TestPort))
        {
            Assert.True(await NetnsTcp.ConnectsAsync(clientPath, Nse, TestPort, 5000), "TCP client → NSE");
        }

        using var atClient = NetnsTcp.Listen(clientPath, TestPort);
        Assert.True(await NetnsTcp.ConnectsAsync(nsePath, Client, TestPort, 5000), "TCP NSE → client");
    }

    private static async Task PingsWithinAsync(Nsmctl nsmctl, string ns, TimeSpan limit, string when)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < limit)
        {
            var (code, output, error) = await nsmctl.RunAsync("exec", "pods/alpine", "-n", ns, "--", "ping", "-c", "1", "-W", "1", Nse);
            if (code == 0)
            {
                return;
            }

            last = output + error;
            await Task.Delay(200);
        }

        Assert.Fail($"no ping to {Nse} {when} within {limit.TotalSeconds} s: {last}\n{nsmctl.Diagnostics()}");
    }

    private static int InterfaceIndex(string netns) =>
        int.Parse(Mesh.RunTool("ip", $"-n {netns} -o link show nsm-1", TimeSpan.FromSeconds(10)).Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
}
