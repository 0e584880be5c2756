using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>A pod on its node: its manifest, its network namespace (none with hostNetwork) and its containers.</summary>
internal sealed class PodInstance(string ns, string name, JsonObject manifest, DateTimeOffset created)
{
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    /// <summary>Gets the pod as applied (or as made from its owner's template), with metadata filled in.</summary>
    public JsonObject Manifest { get; } = manifest;

    public DateTimeOffset Created { get; } = created;

    /// <summary>Gets or sets the named network namespace, or null when the pod uses the node's (hostNetwork).</summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>Gets or sets the node the pod runs on; null while it is Pending (<see cref="Unschedulable"/>).</summary>
    public Node? Node { get; set; }

    /// <summary>Gets or sets why no node takes the pod (kube-scheduler's message), or null once it is placed.</summary>
    public string? Unschedulable { get; set; }

    /// <summary>Gets the network namespace the pod's programs run in: its own, else its node's (null: the machine's).</summary>
    public string? RunNamespace => NetworkNamespace ?? Node?.NetworkNamespace;

    public List<ContainerInstance> Containers { get; } = [];

    /// <summary>Gets or sets the SPIFFE ID the mesh's Workload API gives the pod's processes, or null (<c>--insecure</c>, or not placed yet).</summary>
    public string? SpiffeId { get; set; }

    public bool Deleting { get; set; }

    /// <summary>Gets or sets why the pod could not be set up, or null.</summary>
    public string? Failure { get; set; }

    public IReadOnlyDictionary<string, string> Labels => Json.Map(Manifest["metadata"]?["labels"]);

    public IReadOnlyDictionary<string, string> Annotations => Json.Map(Manifest["metadata"]?["annotations"]);

    public JsonObject Spec => Manifest["spec"] as JsonObject ?? [];

    public bool HostNetwork => Json.Bool(Spec["hostNetwork"]);

    /// <summary>Gets the owner (<c>Deployment</c>/<c>DaemonSet</c> and name), or null for a bare pod.</summary>
    public (string Kind, string Name)? Owner =>
        Manifest["metadata"]?["ownerReferences"]?[0] is JsonObject o ? (Json.String(o["kind"]) ?? "", Json.String(o["name"]) ?? "") : null;

    public string? TemplateHash => Json.String(Manifest["metadata"]?["labels"]?["pod-template-hash"]) ?? Json.String(Manifest["metadata"]?["labels"]?["controller-revision-hash"]);

    public bool Ready => Failure is null && Unschedulable is null && !Deleting && Containers.TrueForAll(c => c.Ready);

    /// <summary>Gets the labels selection sees: the pod's labels, also matched with its alias labels (the guide's app=nsm-registry).</summary>
    public bool Matches(LabelSelector selector)
    {
        if (selector.Matches(Labels))
        {
            return true;
        }

        if (Annotations.TryGetValue(PodRuntime.LabelAliasesAnnotation, out var aliases))
        {
            var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal);
            foreach (var pair in aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var cut = pair.IndexOf('=', StringComparison.Ordinal);
                if (cut > 0)
                {
                    labels[pair[..cut]] = pair[(cut + 1)..];
                }
            }

            return selector.Matches(labels);
        }

        return false;
    }
}
