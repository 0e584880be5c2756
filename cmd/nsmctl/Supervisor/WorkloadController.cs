using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Keeps the pods of Deployments (replicas; a changed template replaces its pods as a rolling update,
/// <see cref="RollingUpdate"/>; the <see cref="Scheduler"/> places them) and DaemonSets (one pod on each node whose
/// labels its nodeSelector and node affinity match, pinned there by <c>spec.nodeName</c>)
/// as declared; pods whose owner is gone are deleted.
/// </summary>
internal static class WorkloadController
{
    /// <summary>The pods to create and to delete so the workloads match their declarations.</summary>
    public static (List<JsonObject> Create, List<PodInstance> Delete) Plan(ObjectStore store, IEnumerable<PodInstance> pods, IReadOnlyList<Node> nodes)
    {
        var create = new List<JsonObject>();
        var delete = new List<PodInstance>();
        var owned = pods.Where(p => p.Owner is not null && !p.Deleting).ToList();
        foreach (var kind in new[] { ResourceKind.Deployment, ResourceKind.DaemonSet })
        {
            foreach (var w in store.List(kind))
            {
                var spec = w.Manifest["spec"] as JsonObject ?? [];
                var template = spec["template"] as JsonObject ?? [];
                var hash = Hash(template);
                var mine = owned.Where(p => p.Namespace == w.Namespace && p.Owner == (kind.Kind, w.Name)).ToList();
                var stale = mine.Where(p => p.TemplateHash != hash).ToList();
                var current = mine.Except(stale).OrderBy(p => p.Created).ToList();
                if (kind == ResourceKind.Deployment)
                {
                    var (count, gone) = RollingUpdate.Step(Json.Int(spec["replicas"]) ?? 1, current, stale, spec["strategy"] as JsonObject);
                    delete.AddRange(gone);
                    for (var i = 0; i < count; i++)
                    {
                        create.Add(PodFromTemplate(kind, w, template, hash, null));
                    }

                    continue;
                }

                // A DaemonSet: one pod on each node its template fits, replaced at once (maxUnavailable 1, maxSurge 0, as Kubernetes' default).
                delete.AddRange(stale);
                var templateSpec = template["spec"] as JsonObject ?? [];
                foreach (var node in nodes)
                {
                    var onNode = current.Where(p => p.Node == node || Json.String(p.Spec["nodeName"]) == node.Name).ToList();
                    var desired = Scheduler.FitsNode(templateSpec, node) ? 1 : 0;
                    delete.AddRange(onNode.Skip(desired));
                    if (onNode.Count < desired)
                    {
                        create.Add(PodFromTemplate(kind, w, template, hash, node.Name));
                    }
                }
            }
        }

        delete.AddRange(owned.Where(p => store.Get(ResourceKind.FromKind(p.Owner!.Value.Kind)!, p.Namespace, p.Owner.Value.Name) is null));
        return (create, delete.Distinct().ToList());
    }

    private static JsonObject PodFromTemplate(ResourceKind kind, StoredObject owner, JsonObject template, string hash, string? nodeName)
    {
        var spec = template["spec"]?.DeepClone() as JsonObject ?? [];
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        var suffix = RandomSuffix();
        var name = kind == ResourceKind.Deployment ? $"{owner.Name}-{hash}-{suffix}" : $"{owner.Name}-{suffix}";
        var labels = Json.Map(template["metadata"]?["labels"]);
        labels[kind == ResourceKind.Deployment ? "pod-template-hash" : "controller-revision-hash"] = hash;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = owner.Namespace,
                ["labels"] = Json.MapToObject(labels),
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = kind.ApiVersion, ["kind"] = kind.Kind, ["name"] = owner.Name }),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>A short stable hash of a pod template (as the pod-template-hash label).</summary>
    public static string Hash(JsonObject template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString()));
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var sb = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            sb.Append(alphabet[bytes[i] % alphabet.Length]);
        }

        return sb.ToString();
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
