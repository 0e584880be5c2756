using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// <c>nsmctl up --nodes 2</c>: two node namespaces on a node network, each with its own nsmgr (unix socket and TCP on
/// its node address) and kernel forwarder, one registry; pods scheduled by nodeName, nodeSelector and pod
/// (anti-)affinity; <c>down</c> leaves no namespace, link or process. Each test has its own state and node range.
/// </summary>
public sealed class NodesTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Two_nodes_have_their_own_nsmgr_and_forwarder_reachable_over_tcp_and_share_one_registry()
    {
        var nsmctl = new Nsmctl(programs);
        string id;
        string[] links;
        try
        {
            Assert.Contains("nodes worker-1, worker-2 are up on 10.213.41.0/24", await nsmctl.OkAsync("up", "--nodes", "2", "--node-network", "10.213.41.0/24"), StringComparison.Ordinal);
            id = nsmctl.SupervisorId!;
            var system = await PodsAsync(nsmctl, "nsm-system");
            Assert.Equal(["worker-1", "worker-2"], NodesOf(system, "nsmgr"));
            Assert.Equal(["worker-1", "worker-2"], NodesOf(system, "forwarder-kernel"));
            Assert.Single(NodesOf(system, "registry"));

            var nodes = JsonNode.Parse(await nsmctl.OkAsync("get", "nodes", "-o", "json"))!["items"]!.AsArray();
            Assert.Equal(2, nodes.Count);
            var worker2 = JsonNode.Parse(await nsmctl.OkAsync("get", "node", "worker-2", "-o", "json"))!;
            Assert.Equal("10.213.41.3", worker2["status"]!["addresses"]![0]!["address"]!.GetValue<string>());
            links = nodes.Select(n => n!["metadata"]!["annotations"]!["nsmctl.io/host-link"]!.GetValue<string>()).ToArray();
            Assert.All(links, l => Assert.True(Directory.Exists("/sys/class/net/" + l), l));

            // Every nsmgr answers on TCP at its node address, from the root namespace and from the other node; its public URL is that address.
            foreach (var (address, other) in new[] { ("10.213.41.2", "worker-2"), ("10.213.41.3", "worker-1") })
            {
                using (var tcp = new TcpClient())
                {
                    await tcp.ConnectAsync(address, 5001);
                }

                Assert.True(await NetnsTcp.ConnectsAsync(NodeNetnsPath(nodes, other), address, 5001), $"{other} -> {address}:5001");
            }

            var nsmgrLogs = Directory.GetFiles(Path.Combine(nsmctl.State, "logs"), "nsm-system_nsmgr-*").Select(File.ReadAllText).ToList();
            Assert.Contains(nsmgrLogs, l => l.Contains("name=worker-2 ", StringComparison.Ordinal) && l.Contains("publicUrl=tcp://10.213.41.3:5001", StringComparison.Ordinal));

            // A pod no node takes is Pending with the scheduler's reason, and is placed once a node fits.
            await nsmctl.RunWithInputAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: picky}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: a, image: alpine:3.15.0}]\n", "apply", "-f", "-");
            Assert.Contains("Pending", await nsmctl.OkAsync("get", "pod", "picky"), StringComparison.Ordinal);
            Assert.Contains("FailedScheduling  default-scheduler  0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", await nsmctl.OkAsync("describe", "pod", "picky"), StringComparison.Ordinal);
            await nsmctl.OkAsync("label", "node", "worker-2", "disk=ssd");
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=30s", "pod", "picky");
            Assert.Equal("worker-2", JsonNode.Parse(await nsmctl.OkAsync("get", "pod", "picky", "-o", "json"))!["spec"]!["nodeName"]!.GetValue<string>());

            // A second supervisor cannot take the same node network.
            await using (var second = new Nsmctl(programs))
            {
                var (code, _, error) = await second.RunAsync("up", "--nodes", "2", "--node-network", "10.213.41.0/24", "--timeout", "20s");
                Assert.NotEqual(0, code);
                Assert.Contains("overlaps", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            await nsmctl.DisposeAsync();
        }

        Assert.DoesNotContain(id, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.All(links, l => Assert.False(Directory.Exists("/sys/class/net/" + l), l));
        Assert.False(Directory.Exists("/sys/class/net/nsb" + id[^6..]));
        Assert.DoesNotContain(nsmctl.State, Mesh.RunTool("ps", "-eo args", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task A_local_connection_on_worker_2_pings_through_that_nodes_sockets()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("up", "--nodes", "2", "--node-network", "10.213.42.0/24");
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "nodes-local.yaml"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "-l", "app=alpine", "-n", "ns-kernel2kernel");
        Assert.Equal(["worker-2", "worker-2"], (await PodsAsync(nsmctl, "ns-kernel2kernel")).Select(p => p!["spec"]!["nodeName"]!.GetValue<string>()));
        await nsmctl.OkAsync("exec", "pods/alpine", "-n", "ns-kernel2kernel", "--", "ping", "-c", "2", "-W", "3", "172.16.1.100");
        var path = await nsmctl.OkAsync("connections", "--node", "worker-2", "-o", "wide");
        Assert.Contains("alpine → worker-2 → forwarder-kernel-", path, StringComparison.Ordinal);
        Assert.Contains("No connections found.", (await nsmctl.RunAsync("connections", "--node", "worker-1")).Err, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task An_anti_affinity_pair_lands_on_two_nodes_and_its_path_crosses_both_nsmgrs()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("up", "--nodes", "2", "--node-network", "10.213.43.0/24");
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "nodes-remote.yaml"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nse-kernel", "-n", "ns-kernel2kernel");
        var pods = await PodsAsync(nsmctl, "ns-kernel2kernel");
        var client = NodesOf(pods, "alpine").Single();
        var nse = NodesOf(pods, "nse-kernel").Single();
        Assert.NotEqual(client, nse);

        // The NSC's nsmgr shows the whole path: NSC, nsmgr, forwarder on the client's node, nsmgr, forwarder on the NSE's, NSE.
        string[] segments = [];
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (segments.Length != 6 && DateTime.UtcNow < until)
        {
            var (_, output, _) = await nsmctl.RunAsync("connections", "--node", client, "-o", "wide");
            var line = output.Split('\n').FirstOrDefault(l => l.Contains("kernel2kernel", StringComparison.Ordinal)) ?? "";
            segments = line.Contains('→', StringComparison.Ordinal) ? line[(line.IndexOf("alpine →", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..].Split(" → ").Select(s => s.Trim()).ToArray() : [];
            await Task.Delay(500);
        }

        Assert.True(segments.Length == 6, $"path: {string.Join(" → ", segments)}\n{nsmctl.Diagnostics()}");
        Assert.Equal("alpine", segments[0]);
        Assert.Equal(client, segments[1]);
        Assert.StartsWith("forwarder-kernel-", segments[2], StringComparison.Ordinal);
        Assert.Equal(nse, segments[3]);
        Assert.StartsWith("forwarder-kernel-", segments[4], StringComparison.Ordinal);
        Assert.StartsWith("nse-kernel-", segments[5], StringComparison.Ordinal);

        // The NSE is registered with its nsmgr's public URL: TCP at the NSE's node address (what nsmgr-1 dialled).
        var nseAddress = JsonNode.Parse(await nsmctl.OkAsync("get", "node", nse, "-o", "json"))!["status"]!["addresses"]![0]!["address"]!.GetValue<string>();
        var registrySocket = Path.Combine(nsmctl.State, "mesh", "svc.nsm-system.registry.sock");
        using var identity = Nsm.Cmd.Nsmctl.Supervisor.MeshClientIdentity.Load(Path.Combine(nsmctl.State, "spire"), TimeProvider.System);
        using (var channel = Nsm.Cmd.Nsmctl.Supervisor.MeshClientIdentity.Channel(identity, registrySocket))
        {
            var registry = new Nsm.Api.Registry.NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
            var headers = await Nsm.Cmd.Nsmctl.Supervisor.MeshClientIdentity.HeadersAsync(identity, registrySocket, CancellationToken.None);
            using var call = registry.Find(new Nsm.Api.Registry.NetworkServiceEndpointQuery { NetworkServiceEndpoint = new Nsm.Api.Registry.NetworkServiceEndpoint { Name = segments[5] } }, headers, DateTime.UtcNow.AddSeconds(10));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal($"tcp://{nseAddress}:5001", call.ResponseStream.Current.NetworkServiceEndpoint.Url.TrimEnd('/'));
        }

        // The data plane crosses the nodes too (RemoteTests covers the mechanisms, TCP and heal).
        await nsmctl.OkAsync("exec", "pods/alpine", "-n", "ns-kernel2kernel", "--", "ping", "-c", "2", "-W", "3", "172.16.1.100");
    }

    internal static async Task<List<JsonNode?>> PodsAsync(Nsmctl nsmctl, string ns) =>
        [.. JsonNode.Parse(await nsmctl.OkAsync("get", "pods", "-n", ns, "-o", "json"))!["items"]!.AsArray()];

    /// <summary>The nodes of the pods whose app label is <paramref name="app"/>, sorted.</summary>
    internal static List<string> NodesOf(List<JsonNode?> pods, string app) =>
        [.. pods.Where(p => p!["metadata"]!["labels"]?["app"]?.GetValue<string>() == app).Select(p => p!["spec"]!["nodeName"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    internal static string NodeNetnsPath(JsonArray nodes, string node) =>
        "/run/netns/" + nodes.First(n => n!["metadata"]!["name"]!.GetValue<string>() == node)!["metadata"]!["annotations"]!["nsmctl.io/netns"]!.GetValue<string>();
}
