using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nsm.Cmd.Nsmctl.Supervisor;
using Nsm.Cmd.Shared;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>
/// Checks every document of an apply before anything is applied. Errors name the document's index, kind, name
/// and field; kinds nsmctl does not run give warnings. Fields a single machine cannot honour (resources,
/// affinity, SPIFFE sockets…) are accepted without a word.
/// </summary>
internal static partial class ManifestValidator
{
    private static readonly string[] FieldPaths = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.podIP", "status.hostIP", "spec.serviceAccountName", "metadata.uid"];

    /// <summary>Checks the documents of one apply; <paramref name="defaultNamespace"/> is <c>-n</c> (for documents without a namespace).</summary>
    public static (List<ManifestIssue> Errors, List<ManifestIssue> Warnings) Validate(IReadOnlyList<ManifestDocument> documents, string? defaultNamespace = null)
    {
        var errors = new List<ManifestIssue>();
        var warnings = new List<ManifestIssue>();
        foreach (var d in documents)
        {
            void Error(string field, string message) => errors.Add(new ManifestIssue(d.Index, d.Kind, d.Name, field, message));
            void Warning(string field, string message) => warnings.Add(new ManifestIssue(d.Index, d.Kind, d.Name, field, message));
            if (d.ApiVersion.Length == 0)
            {
                Error("apiVersion", "required");
            }

            if (d.Kind.Length == 0)
            {
                Error("kind", "required");
                continue;
            }

            if (ResourceKind.FromKind(d.Kind) is not { Appliable: true } kind)
            {
                warnings.Add(new ManifestIssue(d.Index, d.Kind, d.Name, "kind", $"{d.ApiVersion}/{d.Kind} is not run by nsmctl; skipped"));
                continue;
            }

            if (d.ApiVersion.Length > 0 && d.ApiVersion != kind.ApiVersion)
            {
                Error("apiVersion", $"{d.Kind} is {kind.ApiVersion}, not {d.ApiVersion}");
            }

            if (d.Body["metadata"] is not JsonObject)
            {
                Error("metadata", "required");
                continue;
            }

            if (d.Name.Length == 0)
            {
                Error("metadata.name", "required");
            }
            else if (!IsDnsName(d.Name))
            {
                Error("metadata.name", $"'{d.Name}' must be lower case letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253)");
            }

            if (d.Namespace is { } ns && !IsDnsLabel(ns))
            {
                Error("metadata.namespace", $"'{ns}' is not a valid namespace name");
            }

            CheckMap(d.Body["metadata"]?["labels"], "metadata.labels", Error);
            CheckMap(d.Body["metadata"]?["annotations"], "metadata.annotations", Error);
            if (Json.String(d.Body["metadata"]?["annotations"]?[NsmAnnotation.Key]) is { } annotation && !NsmAnnotation.TryParse(annotation, out _, out var why))
            {
                Error($"metadata.annotations[{NsmAnnotation.Key}]", why);
            }

            var spec = d.Body["spec"] as JsonObject;
            switch (d.Kind)
            {
                case "Pod":
                    CheckPodSpec(spec, "spec", Error);
                    break;
                case "Deployment" or "DaemonSet":
                    CheckWorkload(d, spec, Error);
                    break;
                case "Service":
                    if (spec?["selector"] is { } selector)
                    {
                        CheckMap(selector, "spec.selector", Error);
                    }

                    break;
                case "ConfigMap":
                    if (d.Body["data"] is { } data and not JsonObject)
                    {
                        Error("data", "must be a map of strings");
                    }

                    CheckMap(d.Body["data"], "data", Error);
                    foreach (var key in Json.Map(d.Body["data"]).Keys.Where(k => !ConfigMapKey().IsMatch(k) || k is "." or ".."))
                    {
                        Error($"data[{key}]", "a key must consist of alphanumeric characters, '-', '_' or '.'");
                    }

                    if (NsmConfig.Applies(d.Namespace ?? defaultNamespace ?? "default", d.Name))
                    {
                        NsmConfig.Check(Json.Map(d.Body["data"]), Error, Warning);
                    }

                    break;
                case "NetworkService":
                    if (Json.String(spec?["payload"]) is { } payload && payload is not ("IP" or "ETHERNET"))
                    {
                        Error("spec.payload", $"'{payload}' is not IP or ETHERNET");
                    }

                    if (spec?["matches"] is { } matches and not JsonArray)
                    {
                        Error("spec.matches", "must be a list");
                    }

                    break;
                case "NetworkServiceEndpoint":
                    var names = spec?["networkServiceNames"] ?? spec?["network_service_names"];
                    if (names is not JsonArray { Count: > 0 })
                    {
                        Error("spec.networkServiceNames", "required: a list of network service names");
                    }

                    break;
            }
        }

        return (errors, warnings);
    }

    private static void CheckWorkload(ManifestDocument d, JsonObject? spec, Action<string, string> error)
    {
        if (spec is null)
        {
            error("spec", "required");
            return;
        }

        if (spec["replicas"] is { } replicas && Json.Int(replicas) is not >= 0)
        {
            error("spec.replicas", "must be a whole number ≥ 0");
        }

        if (d.Kind == "Deployment")
        {
            CheckStrategy(spec["strategy"] as JsonObject, error);
        }

        if (spec["template"] is not JsonObject template)
        {
            error("spec.template", "required");
            return;
        }

        var labels = Json.Map(template["metadata"]?["labels"]);
        CheckMap(template["metadata"]?["labels"], "spec.template.metadata.labels", error);
        var matchLabels = Json.Map(spec["selector"]?["matchLabels"]);
        if (spec["selector"] is not JsonObject)
        {
            error("spec.selector", "required");
        }
        else if (matchLabels.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value))
        {
            error("spec.selector.matchLabels", "selector does not match template labels");
        }

        CheckPodSpec(template["spec"] as JsonObject, "spec.template.spec", error);
    }

    private static void CheckStrategy(JsonObject? strategy, Action<string, string> error)
    {
        if (Json.String(strategy?["type"]) is { } type && type is not ("RollingUpdate" or "Recreate"))
        {
            error("spec.strategy.type", $"'{type}' is not RollingUpdate or Recreate");
        }

        if (strategy?["rollingUpdate"] is not JsonObject rolling)
        {
            return;
        }

        foreach (var field in new[] { "maxSurge", "maxUnavailable" })
        {
            if (rolling[field] is { } value && RollingUpdate.Count(value, 100, roundUp: false) is null)
            {
                error($"spec.strategy.rollingUpdate.{field}", "must be a whole number ≥ 0 or a percentage (25%)");
            }
        }

        if (RollingUpdate.Count(rolling["maxSurge"], 100, roundUp: false) == 0 && RollingUpdate.Count(rolling["maxUnavailable"], 100, roundUp: false) == 0)
        {
            error("spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when maxSurge is 0");
        }
    }

    private static void CheckPodSpec(JsonObject? spec, string at, Action<string, string> error)
    {
        if (spec is null)
        {
            error(at, "required");
            return;
        }

        if (spec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            error(at + ".containers", "required: at least one container");
            return;
        }

        var volumes = CheckVolumes(spec["volumes"], at + ".volumes", error);
        var names = new HashSet<string>(StringComparer.Ordinal);
        CheckContainers(containers, at + ".containers", names, volumes, error);
        if (spec["initContainers"] is JsonArray init)
        {
            CheckContainers(init, at + ".initContainers", names, volumes, error);
        }

        CheckMap(spec["nodeSelector"], at + ".nodeSelector", error);
    }

    private static void CheckContainers(JsonArray containers, string at, HashSet<string> names, HashSet<string> volumes, Action<string, string> error)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i] as JsonObject;
            var here = $"{at}[{i}]";
            if (c is null)
            {
                error(here, "must be an object");
                continue;
            }

            if (Json.String(c["name"]) is not { Length: > 0 } name)
            {
                error(here + ".name", "required");
            }
            else if (!names.Add(name))
            {
                error(here + ".name", $"duplicate container name '{name}'");
            }

            if (Json.String(c["image"]) is not { Length: > 0 })
            {
                error(here + ".image", "required");
            }

            CheckEnv(c["env"], here + ".env", error);
            CheckVolumeMounts(c["volumeMounts"], here + ".volumeMounts", volumes, error);
            foreach (var (e, j) in Json.Objects(c["envFrom"]).Select((e, j) => (e, j)))
            {
                if (Json.String(e["configMapRef"]?["name"]) is null)
                {
                    error($"{here}.envFrom[{j}].configMapRef.name", "required (only configMapRef is supported)");
                }
            }
        }
    }

    /// <summary>Checks spec.volumes; returns the volume names.</summary>
    private static HashSet<string> CheckVolumes(JsonNode? node, string at, Action<string, string> error)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (List(node, at, error) is not { } list)
        {
            return names;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var here = $"{at}[{i}]";
            if (list[i] is not JsonObject v || Json.String(v["name"]) is not { Length: > 0 } name)
            {
                error(here + ".name", "required");
                continue;
            }

            if (!names.Add(name))
            {
                error(here + ".name", $"duplicate volume name '{name}'");
            }

            if (v["configMap"] is { } cm)
            {
                if (Json.String(cm["name"]) is not { Length: > 0 })
                {
                    error(here + ".configMap.name", "required");
                }

                foreach (var (item, j) in Json.Objects(cm["items"]).Select((item, j) => (item, j)))
                {
                    if (Json.String(item["key"]) is not { Length: > 0 })
                    {
                        error($"{here}.configMap.items[{j}].key", "required");
                    }

                    if (Json.String(item["path"]) is not { Length: > 0 } path || !IsRelativePath(path))
                    {
                        error($"{here}.configMap.items[{j}].path", "required: a relative path without '..'");
                    }
                }
            }

            if (v["hostPath"] is { } hostPath && Json.String(hostPath["path"]) is not ['/', ..])
            {
                error(here + ".hostPath.path", "required: an absolute path");
            }
        }

        return names;
    }

    private static void CheckVolumeMounts(JsonNode? node, string at, HashSet<string> volumes, Action<string, string> error)
    {
        if (List(node, at, error) is not { } list)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var here = $"{at}[{i}]";
            var m = list[i] as JsonObject;
            if (Json.String(m?["name"]) is not { Length: > 0 } name)
            {
                error(here + ".name", "required");
            }
            else if (!volumes.Contains(name))
            {
                error(here + ".name", $"not found: no volume '{name}' in the pod");
            }

            if (Json.String(m?["mountPath"]) is not ['/', ..])
            {
                error(here + ".mountPath", "required: an absolute path");
            }

            if (Json.String(m?["subPath"]) is { Length: > 0 } subPath && !IsRelativePath(subPath))
            {
                error(here + ".subPath", "must be a relative path without '..'");
            }
        }
    }

    private static bool IsRelativePath(string path) => !path.StartsWith('/') && !path.Split('/').Contains("..");

    /// <summary>The node as a list; null when absent or (reported) not a list.</summary>
    private static JsonArray? List(JsonNode? node, string at, Action<string, string> error)
    {
        if (node is not null and not JsonArray)
        {
            error(at, "must be a list");
        }

        return node as JsonArray;
    }

    private static void CheckEnv(JsonNode? env, string at, Action<string, string> error)
    {
        if (List(env, at, error) is not { } list)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var here = $"{at}[{i}]";
            if (list[i] is not JsonObject e || Json.String(e["name"]) is not { Length: > 0 })
            {
                error(here + ".name", "required");
                continue;
            }

            if (e["value"] is { } v && Json.String(v) is null)
            {
                error(here + ".value", "must be a string");
            }

            if (e["valueFrom"] is JsonObject from)
            {
                if (from["fieldRef"] is JsonObject field)
                {
                    var path = Json.String(field["fieldPath"]) ?? "";
                    if (!FieldPaths.Contains(path) && !path.StartsWith("metadata.labels[", StringComparison.Ordinal) && !path.StartsWith("metadata.annotations[", StringComparison.Ordinal))
                    {
                        error(here + ".valueFrom.fieldRef.fieldPath", $"'{path}' is not supported (metadata.name, metadata.namespace, spec.nodeName, status.podIP …)");
                    }
                }
                else if (from["configMapKeyRef"] is JsonObject cm)
                {
                    if (Json.String(cm["name"]) is null || Json.String(cm["key"]) is null)
                    {
                        error(here + ".valueFrom.configMapKeyRef", "name and key are required");
                    }
                }
                else if (from["resourceFieldRef"] is null && from["secretKeyRef"] is null)
                {
                    error(here + ".valueFrom", "needs fieldRef or configMapKeyRef");
                }
            }
        }
    }

    private static void CheckMap(JsonNode? node, string at, Action<string, string> error)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject o)
        {
            error(at, "must be a map");
            return;
        }

        foreach (var (k, v) in o)
        {
            if (v is not null && Json.String(v) is null)
            {
                error($"{at}[{k}]", "must be a string");
            }
        }
    }

    public static bool IsDnsLabel(string name) => name.Length <= 63 && DnsLabel().IsMatch(name);

    public static bool IsDnsName(string name) => NsmAnnotation.IsDnsName(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$")]
    private static partial Regex ConfigMapKey();
}
