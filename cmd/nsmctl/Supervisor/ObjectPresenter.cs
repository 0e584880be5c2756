using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>Turns pods and stored objects into the JSON kubectl would show: the manifest plus metadata and status.</summary>
internal static class ObjectPresenter
{
    public static JsonObject Pod(PodInstance pod)
    {
        var o = Json.Clone(pod.Manifest);
        o["apiVersion"] = "v1";
        o["kind"] = "Pod";
        var meta = Json.Obj(o, "metadata");
        meta["creationTimestamp"] = Time(pod.Created);
        var spec = Json.Obj(o, "spec");
        if (pod.Containers.Any(c => c.Injected))
        {
            var containers = spec["containers"] as JsonArray ?? [];
            foreach (var c in pod.Containers.Where(c => c.Injected))
            {
                containers.Add((JsonNode)new JsonObject { ["name"] = c.Name, ["image"] = c.Image });
            }

            spec["containers"] = containers;
        }

        var statuses = new JsonArray();
        foreach (var c in pod.Containers)
        {
            JsonObject state = c.State is { } waiting
                ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = waiting, ["message"] = c.Message } }
                : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(c.Process?.StartedAt ?? c.StartedAt) } };
            statuses.Add((JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["image"] = c.Image,
                ["ready"] = c.Ready,
                ["restartCount"] = c.Restarts,
                ["started"] = c.State is null,
                ["state"] = state,
                ["program"] = c.Program?.Role,
                ["pid"] = c.Process?.Pid,
                ["mounts"] = c.Mounts.Count == 0 ? null : new JsonArray(c.Mounts.Select(m => (JsonNode?)new JsonObject { ["mountPath"] = m.MountPath, ["hostPath"] = m.HostPath }).ToArray()),
            });
        }

        var ready = pod.Ready;
        var nodeIp = pod.Node?.Address?.ToString() ?? "127.0.0.1";
        var scheduled = pod.Unschedulable is null
            ? new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }
            : new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = pod.Unschedulable };
        o["status"] = new JsonObject
        {
            ["phase"] = pod.Failure is not null ? "Failed" : pod.Unschedulable is not null || pod.Containers.Any(c => c.State is "ContainerCreating" or "NoProgramForImage" or "ProgramNotBuilt" && c.Restarts == 0) ? "Pending" : "Running",
            ["reason"] = pod.Failure is not null ? "NetworkNamespaceFailed" : null,
            ["message"] = pod.Failure,
            ["hostIP"] = pod.Node is null ? null : nodeIp,
            ["podIP"] = pod.HostNetwork && pod.Node is not null ? nodeIp : null,
            ["networkNamespace"] = pod.RunNamespace is { } netns ? NetworkNamespaces.PathOf(netns) : null,
            ["spiffeId"] = pod.SpiffeId,
            ["startTime"] = Time(pod.Created),
            ["conditions"] = new JsonArray(
                scheduled,
                new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" },
                new JsonObject { ["type"] = "ContainersReady", ["status"] = ready ? "True" : "False" }),
            ["containerStatuses"] = statuses,
            ["display"] = pod.Deleting ? "Terminating" : pod.Failure is not null ? "Failed" : pod.Unschedulable is not null ? "Pending" : pod.Containers.Select(c => c.State).FirstOrDefault(s => s is not null) ?? "Running",
        };
        return o;
    }

    public static JsonObject Object(StoredObject so, IReadOnlyList<PodInstance> pods, string? tunnelState = null)
    {
        var o = Json.Clone(so.Manifest);
        o["apiVersion"] = so.Kind.ApiVersion;
        o["kind"] = so.Kind.Kind;
        var meta = Json.Obj(o, "metadata");
        meta["creationTimestamp"] = Time(so.Created);
        meta["generation"] = so.Generation;
        if (so.Kind == ResourceKind.Deployment || so.Kind == ResourceKind.DaemonSet)
        {
            var mine = pods.Where(p => p.Namespace == so.Namespace && p.Owner == (so.Kind.Kind, so.Name) && !p.Deleting).ToList();
            var hash = WorkloadController.Hash(so.Manifest["spec"]?["template"] as JsonObject ?? []);
            var ready = mine.Count(p => p.Ready);
            var upToDate = mine.Count(p => p.TemplateHash == hash);
            o["status"] = so.Kind == ResourceKind.Deployment
                ? DeploymentStatus(so, mine.Count, ready, upToDate)
                : new JsonObject { ["desiredNumberScheduled"] = mine.Count, ["currentNumberScheduled"] = mine.Count, ["numberReady"] = ready, ["updatedNumberScheduled"] = upToDate, ["numberAvailable"] = ready };
        }
        else if (so.Kind == ResourceKind.ConfigMap && NsmConfig.Applies(so.Namespace, so.Name) && NsmConfig.Read(Json.Map(so.Manifest["data"])) is { } settings)
        {
            o["status"] = NsmConfig.Status(settings, tunnelState ?? "none");
        }
        else if (so.Kind == ResourceKind.Namespace)
        {
            o["status"] = new JsonObject { ["phase"] = "Active" };
        }

        return o;
    }

    /// <summary>A Deployment's counts and its Available and Progressing conditions, as the deployment controller reports them.</summary>
    private static JsonObject DeploymentStatus(StoredObject deployment, int replicas, int ready, int upToDate)
    {
        var spec = deployment.Manifest["spec"] as JsonObject ?? [];
        var desired = Json.Int(spec["replicas"]) ?? 1;
        var (_, maxUnavailable) = RollingUpdate.Limits(spec["strategy"]?["rollingUpdate"] as JsonObject, desired);
        var available = ready >= desired - maxUnavailable;
        var complete = upToDate == desired && replicas == desired && ready == desired;
        return new JsonObject
        {
            ["observedGeneration"] = deployment.Generation,
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["updatedReplicas"] = upToDate,
            ["availableReplicas"] = ready,
            ["unavailableReplicas"] = desired > ready ? desired - ready : null,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Available", ["status"] = available ? "True" : "False", ["reason"] = available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable" },
                new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated" }),
        };
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
