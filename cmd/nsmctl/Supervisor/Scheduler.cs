using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Places a pod on a node as kube-scheduler would for what upstream's examples use: <c>spec.nodeName</c> (taken as
/// written), <c>nodeSelector</c>, required node affinity, and required pod affinity and anti-affinity on a
/// <c>topologyKey</c> (both the new pod's terms and the anti-affinity of pods already placed). Among the nodes that
/// fit, preferred node and pod (anti-)affinity weights decide, then the node with the fewest pods, then the name.
/// No node fits: the pod stays Pending with kube-scheduler's kind of message.
/// </summary>
internal static class Scheduler
{
    /// <summary>The chosen node, or null with why not.</summary>
    public sealed record Placement(Node? Node, string? Reason);

    public static Placement Place(JsonObject pod, IReadOnlyList<Node> nodes, IEnumerable<PodInstance> pods)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var ns = Json.String(pod["metadata"]?["namespace"]) ?? "default";
        var labels = Json.Map(pod["metadata"]?["labels"]);
        if (Json.String(spec["nodeName"]) is { Length: > 0 } pinned)
        {
            return nodes.FirstOrDefault(n => n.Name == pinned) is { } node
                ? new Placement(node, null)
                : new Placement(null, $"node \"{pinned}\" (spec.nodeName) does not exist");
        }

        var placed = pods.Where(p => p.Node is not null && !p.Deleting).ToList();
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var fitting = new List<Node>();
        foreach (var node in nodes)
        {
            var why = !FitsNode(spec, node) ? "didn't match Pod's node affinity/selector"
                : !PodTermsHold(spec["affinity"]?["podAffinity"], ns, labels, node, placed, affinity: true) ? "didn't match pod affinity rules"
                : !PodTermsHold(spec["affinity"]?["podAntiAffinity"], ns, labels, node, placed, affinity: false) || ExistingAntiAffinityForbids(ns, labels, node, placed) ? "didn't match pod anti-affinity rules"
                : null;
            if (why is null)
            {
                fitting.Add(node);
            }
            else
            {
                failures[why] = failures.GetValueOrDefault(why) + 1;
            }
        }

        if (fitting.Count == 0)
        {
            var detail = string.Join(", ", failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Value} node(s) {f.Key}"));
            return new Placement(null, $"0/{nodes.Count} nodes are available: {detail}.");
        }

        var best = fitting
            .OrderByDescending(n => Score(spec, ns, n, placed))
            .ThenBy(n => placed.Count(p => p.Node == n))
            .ThenBy(n => n.Name.Length)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .First();
        return new Placement(best, null);
    }

    /// <summary>nodeSelector and required node affinity (a DaemonSet's pods are also placed by these).</summary>
    public static bool FitsNode(JsonObject spec, Node node)
    {
        if (!LabelSelector.FromMap(Json.Map(spec["nodeSelector"])).Matches(node.Labels))
        {
            return false;
        }

        var terms = Json.Objects(spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]).ToList();
        return terms.Count == 0 || terms.Any(t => LabelSelector.FromJson(t).Matches(node.Labels));
    }

    private static bool PodTermsHold(JsonNode? rules, string ns, IReadOnlyDictionary<string, string> labels, Node node, List<PodInstance> placed, bool affinity)
    {
        foreach (var term in Json.Objects(rules?["requiredDuringSchedulingIgnoredDuringExecution"]))
        {
            var matching = Matching(term, ns, placed);
            var together = matching.Any(p => SameTopology(term, p.Node!, node));

            // As kube-scheduler: the first pod of a group with affinity to itself may go anywhere.
            var firstOfItsGroup = matching.Count == 0 && LabelSelector.FromJson(term["labelSelector"]).Matches(labels);
            if (affinity ? !together && !firstOfItsGroup : together)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A placed pod's required anti-affinity that selects the new pod keeps it off that pod's topology.</summary>
    private static bool ExistingAntiAffinityForbids(string ns, IReadOnlyDictionary<string, string> labels, Node node, List<PodInstance> placed) =>
        placed.Any(p => Json.Objects(p.Spec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"])
            .Any(t => TermNamespaces(t, p.Namespace).Contains(ns) && LabelSelector.FromJson(t["labelSelector"]).Matches(labels) && SameTopology(t, p.Node!, node)));

    private static int Score(JsonObject spec, string ns, Node node, List<PodInstance> placed)
    {
        var score = 0;
        foreach (var pref in Json.Objects(spec["affinity"]?["nodeAffinity"]?["preferredDuringSchedulingIgnoredDuringExecution"]))
        {
            if (LabelSelector.FromJson(pref["preference"]).Matches(node.Labels))
            {
                score += Json.Int(pref["weight"]) ?? 1;
            }
        }

        foreach (var (rules, sign) in new[] { (spec["affinity"]?["podAffinity"], 1), (spec["affinity"]?["podAntiAffinity"], -1) })
        {
            foreach (var pref in Json.Objects(rules?["preferredDuringSchedulingIgnoredDuringExecution"]))
            {
                if (pref["podAffinityTerm"] is JsonObject term && Matching(term, ns, placed).Any(p => SameTopology(term, p.Node!, node)))
                {
                    score += sign * (Json.Int(pref["weight"]) ?? 1);
                }
            }
        }

        return score;
    }

    private static List<PodInstance> Matching(JsonObject term, string ns, List<PodInstance> placed)
    {
        var selector = LabelSelector.FromJson(term["labelSelector"]);
        var namespaces = TermNamespaces(term, ns);
        return placed.Where(p => namespaces.Contains(p.Namespace) && selector.Matches(p.Labels)).ToList();
    }

    private static HashSet<string> TermNamespaces(JsonObject term, string ns)
    {
        var listed = (term["namespaces"] as JsonArray ?? []).Select(Json.String).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return listed.Count > 0 ? listed : [ns];
    }

    /// <summary>Whether two nodes share the term's topologyKey value (a node without the label shares nothing).</summary>
    private static bool SameTopology(JsonObject term, Node a, Node b)
    {
        var key = Json.String(term["topologyKey"]) ?? "kubernetes.io/hostname";
        return a.Labels.TryGetValue(key, out var va) && b.Labels.TryGetValue(key, out var vb) && va == vb;
    }
}
