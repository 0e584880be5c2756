using System.Text.Json.Nodes;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.WireGuard;
using Nsm.Tests.Shared;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The guide's "Multi-Cluster Networking" section from its own YAML: two clusters on this machine (two nsmctl
/// supervisors, two nodes each), worker-1 of each on a site network with the guide's 203.0.113.50 for cluster B, the
/// registry's name resolved locally (<c>--add-host</c>), the guide's placeholders replaced by generated keys, the
/// mirror nsm-config and an NSE labelled <c>cluster: cluster-b</c> in B (examples/multi-cluster). The client in A pings
/// and connects to the NSE in B; the site network carries only the tunnel's WireGuard UDP.
/// </summary>
public sealed class MultiClusterTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string SiteBridge = "nsme2esite";
    private const string NseAddress = "10.150.0.1";
    private const int TestPort = 5202;

    [RootFact]
    public async Task The_guides_cross_cluster_client_reaches_an_nse_of_cluster_b_through_the_nsm_config_wireguard_tunnel()
    {
        var (keyA, keyB) = (WireGuardKey.Generate(), WireGuardKey.Generate());
        await using var a = new Nsmctl(programs);
        await using var b = new Nsmctl(programs);
        await b.OkAsync("up", "--nodes", "2", "--node-network", "172.31.222.0/24", "--site-address", "203.0.113.50/24", "--site-bridge", SiteBridge,
            "--add-host", "registry.cluster-a.example.com=172.31.221.2");
        await a.OkAsync("up", "--nodes", "2", "--node-network", "172.31.221.0/24", "--site-address", "203.0.113.10/24", "--site-bridge", SiteBridge,
            "--add-host", "registry.cluster-b.example.com=172.31.222.2");

        // Cluster B: the mirror nsm-config and an NSE of the service (what the guide leaves out).
        var examples = Path.Combine(a.Root, "examples", "multi-cluster", "cluster-b");
        await ApplyTextAsync(b, File.ReadAllText(Path.Combine(examples, "nsm-config.yaml"))
            .Replace("<cluster-b-private-key>", keyB.ToBase64(), StringComparison.Ordinal)
            .Replace("<cluster-a-public-key>", keyA.PublicKey.ToBase64(), StringComparison.Ordinal));
        await b.OkAsync("apply", "-f", Path.Combine(examples, "nse.yaml"));

        // Cluster A: the guide's three files; only the placeholders of the keys change.
        var guide = Path.Combine(a.Root, "examples", "guide", "multi-cluster");
        await a.OkAsync("apply", "-f", Path.Combine(guide, "1-cross-cluster-service.yaml"));
        await ApplyTextAsync(a, File.ReadAllText(Path.Combine(guide, "2-nsm-config.yaml"))
            .Replace("<base64-encoded-key>", keyA.ToBase64(), StringComparison.Ordinal)
            .Replace("<peer-public-key>", keyB.PublicKey.ToBase64(), StringComparison.Ordinal));
        Assert.Contains("up: wgs", await a.OkAsync("get", "configmap", "nsm-config", "-n", "nsm-system", "-o", "yaml"), StringComparison.Ordinal);
        await b.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nse-cluster-b");
        await a.OkAsync("apply", "-f", Path.Combine(guide, "3-cross-cluster-client.yaml"));
        await a.OkAsync("wait", "--for=condition=ready", "--timeout=90s", "pod", "cross-cluster-client");

        var nodesA = JsonNode.Parse(await a.OkAsync("get", "nodes", "-o", "json"))!["items"]!.AsArray();
        using var gateway = NetNs.Open(NodesTests.NodeNetnsPath(nodesA, "worker-1"));
        using var capture = await GuideL2Tests.CaptureAsync(gateway, "site0");
        await a.OkAsync("exec", "cross-cluster-client", "--", "ping", "-c", "3", "-i", "0.2", "-W", "3", NseAddress);
        var clientPath = a.PodNetnsPath("default", "cross-cluster-client");
        using (NetnsTcp.Listen(b.PodNetnsPath("default", "nse-cluster-b"), TestPort))
        {
            Assert.True(await NetnsTcp.ConnectsAsync(clientPath, NseAddress, TestPort, 5000), "TCP client in A → NSE in B\n" + a.Diagnostics() + b.Diagnostics());
        }

        var packets = capture.ReadPackets();
        Assert.Contains("latest handshake", await a.OkAsync("describe", "configmap", "nsm-config", "-n", "nsm-system"), StringComparison.Ordinal);
        Assert.Contains("latest handshake", await b.OkAsync("describe", "configmap", "nsm-config", "-n", "nsm-system"), StringComparison.Ordinal);
        Assert.DoesNotContain(packets, p => p.IpProtocol is 1 or 6);
        Assert.True(packets.Count(p => p.IpProtocol == 17 && p.DestinationPort == 51820) >= 6, "WireGuard UDP on the site network: " + string.Join(", ", packets));

        // The path crosses both clusters: client, nsmgr and forwarder of A, nsmgr and forwarder of B, the NSE.
        var listed = await a.OkAsync("connections", "--node", "worker-1", "-o", "wide") + await a.OkAsync("connections", "--node", "worker-2", "-o", "wide");
        var line = listed.Split('\n').First(l => l.Contains("cross-cluster-client →", StringComparison.Ordinal));
        var segments = line[line.IndexOf("cross-cluster-client →", StringComparison.Ordinal)..].Split(" → ").Select(s => s.Trim()).ToArray();
        Assert.Equal(6, segments.Length);
        Assert.StartsWith("nse-cluster-b-", segments[5], StringComparison.Ordinal);

        // IPsec is named by the guide but not supported: the apply says so and changes nothing.
        var ipsec = await a.RunWithInputAsync(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nsm-config\n  namespace: nsm-system\ndata:\n  nsm.yaml: |\n    tunnel:\n      type: ipsec\n      peerEndpoint: 203.0.113.50:500\n",
            "apply", "-f", "-");
        Assert.NotEqual(0, ipsec.Code);
        Assert.Contains("ipsec is not supported here", ipsec.Err, StringComparison.Ordinal);
        await a.OkAsync("exec", "cross-cluster-client", "--", "ping", "-c", "1", "-W", "3", NseAddress);

        // Down: the tunnel, the site veths and the shared bridge go (the bridge with the last cluster).
        await a.OkAsync("down");
        Assert.True(Directory.Exists("/sys/class/net/" + SiteBridge), "the site bridge stays while cluster B is on it");
        await b.OkAsync("down");
        Assert.False(Directory.Exists("/sys/class/net/" + SiteBridge), "the site bridge is gone after both clusters");
        Assert.DoesNotContain(Directory.GetFiles("/var/run/wireguard").Select(Path.GetFileName), f => f!.StartsWith("wgs", StringComparison.Ordinal));
    }

    private static async Task ApplyTextAsync(Nsmctl nsmctl, string yaml)
    {
        var (code, output, error) = await nsmctl.RunWithInputAsync(yaml, "apply", "-f", "-");
        Assert.True(code == 0, $"apply failed: {output}{error}");
    }
}
