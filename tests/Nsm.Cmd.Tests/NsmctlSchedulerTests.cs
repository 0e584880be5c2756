using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Tests;

/// <summary>nsmctl's scheduler: what upstream's remote examples need of kube-scheduler.</summary>
public class NsmctlSchedulerTests
{
    private static readonly Node[] Nodes = [NewNode("worker-1"), NewNode("worker-2"), NewNode("worker-3")];

    [Fact]
    public void NodeName_is_taken_as_written()
    {
        Assert.Equal("worker-3", Scheduler.Place(Pod("p", "spec: {nodeName: worker-3}"), Nodes, []).Node?.Name);
        var missing = Scheduler.Place(Pod("p", "spec: {nodeName: worker-9}"), Nodes, []);
        Assert.Null(missing.Node);
        Assert.Contains("worker-9", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeSelector_and_required_node_affinity_filter_nodes()
    {
        Assert.Equal("worker-2", Scheduler.Place(Pod("p", "spec: {nodeSelector: {kubernetes.io/hostname: worker-2}}"), Nodes, []).Node?.Name);
        var affinity = """
            spec:
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: kubernetes.io/hostname, operator: NotIn, values: [worker-1, worker-2]}
            """;
        Assert.Equal("worker-3", Scheduler.Place(Pod("p", affinity), Nodes, []).Node?.Name);
    }

    [Fact]
    public void Pod_affinity_follows_the_selected_pod_and_anti_affinity_avoids_it()
    {
        var nse = Placed("nse", "app: nse-kernel", Nodes[2]);
        var client = Pod("alpine", AffinityTo("podAffinity", "nse-kernel"), "app: alpine");
        Assert.Equal("worker-3", Scheduler.Place(client, Nodes, [nse]).Node?.Name);

        var alpine = Placed("alpine", "app: alpine", Nodes[0]);
        var remoteNse = Pod("nse", AffinityTo("podAntiAffinity", "alpine"), "app: nse-kernel");
        Assert.NotEqual("worker-1", Scheduler.Place(remoteNse, Nodes, [alpine]).Node?.Name);
    }

    [Fact]
    public void A_placed_pods_anti_affinity_keeps_the_new_pod_away()
    {
        var nse = Placed("nse", "app: nse-kernel", Nodes[0], AffinityTo("podAntiAffinity", "alpine"));
        var onTwoNodes = new[] { Nodes[0], Nodes[1] };
        Assert.Equal("worker-2", Scheduler.Place(Pod("alpine", "spec: {}", "app: alpine"), onTwoNodes, [nse]).Node?.Name);
    }

    [Fact]
    public void A_pod_no_node_takes_stays_pending_with_the_reasons()
    {
        var alpine = Placed("alpine", "app: alpine", Nodes[0]);
        var placement = Scheduler.Place(Pod("nse", AffinityTo("podAntiAffinity", "alpine"), "app: nse-kernel"), [Nodes[0]], [alpine]);
        Assert.Null(placement.Node);
        Assert.Equal("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.", placement.Reason);

        var nowhere = Scheduler.Place(Pod("p", "spec: {nodeSelector: {disk: ssd}}"), Nodes, []);
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", nowhere.Reason);

        var noPartner = Scheduler.Place(Pod("alpine", AffinityTo("podAffinity", "nse-kernel"), "app: alpine"), Nodes, []);
        Assert.Null(noPartner.Node);
        Assert.Contains("3 node(s) didn't match pod affinity rules", noPartner.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_pod_of_a_group_with_affinity_to_itself_goes_anywhere()
    {
        Assert.NotNull(Scheduler.Place(Pod("web", AffinityTo("podAffinity", "web"), "app: web"), Nodes, []).Node);
    }

    [Fact]
    public void Preferred_terms_weigh_then_the_emptiest_node_wins()
    {
        var busy = new[] { Placed("a", "app: a", Nodes[0]), Placed("b", "app: b", Nodes[0]), Placed("c", "app: c", Nodes[1]) };
        Assert.Equal("worker-3", Scheduler.Place(Pod("p", "spec: {}"), Nodes, busy).Node?.Name);
        var prefer = """
            spec:
              affinity:
                podAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 50
                    podAffinityTerm:
                      labelSelector: {matchLabels: {app: a}}
                      topologyKey: kubernetes.io/hostname
            """;
        Assert.Equal("worker-1", Scheduler.Place(Pod("p", prefer), Nodes, busy).Node?.Name);
    }

    [Fact]
    public void Node_network_options_give_the_bridge_and_the_nodes_their_addresses()
    {
        var options = NodeNetworkOptions.Create(2, null);
        Assert.Equal(NodeNetworkOptions.DefaultRange, options.Range);
        Assert.Equal("172.31.213.1", options.Gateway.ToString());
        Assert.Equal("172.31.213.3", options.NodeAddress(2).ToString());
        Assert.Equal("10.9.8.0/29", NodeNetworkOptions.Create(3, "10.9.8.5/29").Range);
        Assert.False(options.Overlaps(System.Net.IPAddress.Parse("203.0.113.0"), 24));
        Assert.True(options.Overlaps(System.Net.IPAddress.Parse("172.16.0.0"), 12));
        Assert.Throws<ManifestException>(() => NodeNetworkOptions.Create(7, "10.9.8.0/29"));
        Assert.Throws<ManifestException>(() => NodeNetworkOptions.Create(0, null));
        Assert.Throws<ManifestException>(() => NodeNetworkOptions.Create(2, "fd00::/64"));
    }

    private static Node NewNode(string name) => new(name, DateTimeOffset.UnixEpoch) { Mesh = "/m/" + name };

    private static string AffinityTo(string kind, string app) => $$"""
        spec:
          affinity:
            {{kind}}:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchExpressions:
                  - {key: app, operator: In, values: [{{app}}]}
                topologyKey: kubernetes.io/hostname
        """;

    private static JsonObject Pod(string name, string specYaml, string labelsYaml = "{}")
    {
        var spec = YamlToJson.ParseAll(specYaml)[0]!["spec"]!.DeepClone();
        var labels = YamlToJson.ParseAll("labels: " + (labelsYaml == "{}" ? "{}" : "{" + labelsYaml + "}"))[0]!["labels"]!.DeepClone();
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = labels }, ["spec"] = spec };
    }

    private static PodInstance Placed(string name, string labelsYaml, Node node, string specYaml = "spec: {}") =>
        new("default", name, Pod(name, specYaml, labelsYaml), DateTimeOffset.UnixEpoch) { Node = node };
}
