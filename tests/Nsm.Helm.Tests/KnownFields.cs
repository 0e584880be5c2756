using System.Text.Json.Nodes;

namespace Nsm.Helm.Tests;

/// <summary>
/// The unknown-field half of the API server's strict validation, which kubernetes-models' validators leave out: the
/// fields of the Kubernetes API (v1.35) for the objects and the parts of pods the chart writes. A misspelt key in a
/// template (volumeMount, hostport) is a field the API server rejects or, worse, silently drops.
/// </summary>
internal static class KnownFields
{
    private static readonly string[] Meta = ["name", "namespace", "labels", "annotations", "generateName", "finalizers", "ownerReferences"];
    private static readonly string[] Top = ["apiVersion", "kind", "metadata"];

    private static readonly Dictionary<string, string[]> Kinds = new()
    {
        ["Deployment"] = ["spec"], ["DaemonSet"] = ["spec"], ["StatefulSet"] = ["spec"], ["Service"] = ["spec"],
        ["ServiceAccount"] = ["automountServiceAccountToken", "imagePullSecrets", "secrets"],
        ["ConfigMap"] = ["data", "binaryData", "immutable"],
        ["ClusterRole"] = ["rules", "aggregationRule"], ["Role"] = ["rules"],
        ["ClusterRoleBinding"] = ["roleRef", "subjects"], ["RoleBinding"] = ["roleRef", "subjects"],
        ["CustomResourceDefinition"] = ["spec"],
    };

    private static readonly string[] WorkloadSpec =
        ["replicas", "selector", "template", "strategy", "updateStrategy", "minReadySeconds", "revisionHistoryLimit", "serviceName", "podManagementPolicy", "volumeClaimTemplates", "progressDeadlineSeconds", "paused"];

    private static readonly string[] PodSpec =
        ["containers", "initContainers", "volumes", "serviceAccountName", "automountServiceAccountToken", "hostPID", "hostNetwork", "hostIPC", "dnsPolicy", "nodeSelector", "tolerations", "affinity", "imagePullSecrets", "securityContext", "priorityClassName", "terminationGracePeriodSeconds", "restartPolicy", "shareProcessNamespace"];

    private static readonly string[] Container =
        ["name", "image", "imagePullPolicy", "command", "args", "env", "envFrom", "ports", "resources", "volumeMounts", "securityContext", "readinessProbe", "livenessProbe", "startupProbe", "workingDir", "lifecycle", "stdin", "tty"];

    private static readonly string[] Volume = ["name", "hostPath", "configMap", "secret", "emptyDir", "projected", "persistentVolumeClaim", "csi", "downwardAPI"];
    private static readonly string[] Mount = ["name", "mountPath", "readOnly", "subPath", "mountPropagation"];
    private static readonly string[] EnvVar = ["name", "value", "valueFrom"];
    private static readonly string[] Port = ["name", "containerPort", "hostPort", "protocol", "hostIP"];

    /// <summary>The unknown fields of an object, as paths.</summary>
    public static IEnumerable<string> Unknown(JsonObject o)
    {
        var kind = (string)o["kind"]!;
        var name = Rendered.Describe(o);
        var problems = Check(o, [.. Top, .. Kinds.GetValueOrDefault(kind, [])], name)
            .Concat(Check(o["metadata"], Meta, name + ".metadata"));
        if (kind is "Deployment" or "DaemonSet" or "StatefulSet")
        {
            var pod = o["spec"]?["template"]?["spec"];
            problems = problems
                .Concat(Check(o["spec"], WorkloadSpec, name + ".spec"))
                .Concat(Check(o["spec"]?["template"]?["metadata"], Meta, name + ".spec.template.metadata"))
                .Concat(Check(pod, PodSpec, name + ".spec.template.spec"))
                .Concat(Each(pod?["volumes"], Volume, name + ".volumes"));
            foreach (var c in (pod?["containers"]?.AsArray() ?? []).Concat(pod?["initContainers"]?.AsArray() ?? []))
            {
                var at = $"{name}.containers[{c?["name"]}]";
                problems = problems.Concat(Check(c, Container, at))
                    .Concat(Each(c?["volumeMounts"], Mount, at + ".volumeMounts"))
                    .Concat(Each(c?["env"], EnvVar, at + ".env"))
                    .Concat(Each(c?["ports"], Port, at + ".ports"));
            }
        }

        return problems.ToList();
    }

    private static IEnumerable<string> Each(JsonNode? array, string[] known, string at) =>
        (array?.AsArray() ?? []).SelectMany((item, i) => Check(item, known, $"{at}[{i}]"));

    private static IEnumerable<string> Check(JsonNode? node, string[] known, string at) =>
        node is JsonObject o ? o.Select(p => p.Key).Where(k => !known.Contains(k)).Select(k => $"{at}: unknown field \"{k}\"") : [];
}
