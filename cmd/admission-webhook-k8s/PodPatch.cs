using System.Text.Json.Nodes;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>
/// The RFC 6902 JSON Patch that gives a pod (or a workload's pod template) NSM, as upstream's: the init containers
/// and containers of <c>NSM_INIT_CONTAINER_IMAGES</c> / <c>NSM_CONTAINER_IMAGES</c> with the annotation's value in
/// <c>NSM_NETWORK_SERVICES</c>, the NSM socket and SPIRE agent socket hostPath volumes mounted in them, and
/// <c>NSM_LABELS</c>. Each <c>add</c> writes the whole list (existing items first), so it works whether or not the list
/// is there. Idempotent: a container, volume or label already there is not added again (a pod of a template that
/// was already patched gets nothing more).
/// </summary>
internal static class PodPatch
{
    /// <summary>The volume of the nsmgr's socket directory.</summary>
    public const string NsmSocketVolume = "nsm-socket";

    /// <summary>The directory of the nsmgr's socket, on the host and in the containers.</summary>
    public const string NsmSocketPath = "/var/lib/networkservicemesh";

    /// <summary>The volume of the SPIRE agent's Workload API socket directory.</summary>
    public const string SpireSocketVolume = "spire-agent-socket";

    /// <summary>The directory of the SPIRE agent's socket, on the host and in the containers.</summary>
    public const string SpireSocketPath = "/run/spire/sockets";

    /// <summary>The patch operations (empty: nothing to change).</summary>
    /// <param name="options">The webhook's settings.</param>
    /// <param name="prefix">Where the pod is in the object: "" for a Pod, <c>/spec/template</c> for a workload.</param>
    /// <param name="pod">The pod (or the template): its <c>metadata</c> and <c>spec</c>.</param>
    /// <param name="annotation">The annotation's value (already checked).</param>
    public static JsonArray Build(WebhookCmdOptions options, string prefix, JsonObject pod, string annotation)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var ops = new JsonArray();
        AddContainers(ops, options, $"{prefix}/spec/initContainers", spec["initContainers"] as JsonArray, options.InitContainerImages, annotation);
        AddContainers(ops, options, $"{prefix}/spec/containers", spec["containers"] as JsonArray, options.ContainerImages, annotation);
        AddVolumes(ops, $"{prefix}/spec/volumes", spec["volumes"] as JsonArray);
        AddLabels(ops, options, $"{prefix}/metadata/labels", (pod["metadata"] as JsonObject)?["labels"] as JsonObject);
        return ops;
    }

    /// <summary>The container name of an image, as upstream: its last path element without the tag (<c>ghcr.io/x/cmd-nsc:1.0</c> → cmd-nsc).</summary>
    public static string ContainerName(string image)
    {
        var last = image[(image.LastIndexOf('/') + 1)..];
        var cut = last.IndexOfAny([':', '@']);
        return cut < 0 ? last : last[..cut];
    }

    private static void AddContainers(JsonArray ops, WebhookCmdOptions options, string path, JsonArray? existing, IReadOnlyList<string> images, string annotation)
    {
        var list = existing?.DeepClone().AsArray() ?? [];
        var names = list.Select(c => (string?)c?["name"]).ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var image in images)
        {
            if (names.Add(ContainerName(image)))
            {
                list.Add((JsonNode)Container(options, image, annotation));
                added = true;
            }
        }

        if (added)
        {
            ops.Add((JsonNode)Op("add", path, list));
        }
    }

    private static JsonObject Container(WebhookCmdOptions options, string image, string annotation)
    {
        var env = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in options.Envs)
        {
            if (name != options.NsUrlEnvName && names.Add(name))
            {
                env.Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = value });
            }
        }

        if (names.Add("SPIFFE_ENDPOINT_SOCKET"))
        {
            env.Add((JsonNode)new JsonObject { ["name"] = "SPIFFE_ENDPOINT_SOCKET", ["value"] = $"unix://{SpireSocketPath}/agent.sock" });
        }

        if (names.Add("POD_NAME"))
        {
            env.Add((JsonNode)new JsonObject { ["name"] = "POD_NAME", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } } });
        }

        env.Add((JsonNode)new JsonObject { ["name"] = options.NsUrlEnvName, ["value"] = annotation });
        return new JsonObject
        {
            ["name"] = ContainerName(image),
            ["image"] = image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["env"] = env,
            ["volumeMounts"] = new JsonArray(
                new JsonObject { ["name"] = SpireSocketVolume, ["mountPath"] = SpireSocketPath, ["readOnly"] = true },
                new JsonObject { ["name"] = NsmSocketVolume, ["mountPath"] = NsmSocketPath, ["readOnly"] = true }),
        };
    }

    private static void AddVolumes(JsonArray ops, string path, JsonArray? existing)
    {
        var list = existing?.DeepClone().AsArray() ?? [];
        var names = list.Select(v => (string?)v?["name"]).ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var (name, hostPath) in new[] { (SpireSocketVolume, SpireSocketPath), (NsmSocketVolume, NsmSocketPath) })
        {
            if (names.Add(name))
            {
                list.Add((JsonNode)new JsonObject { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = hostPath, ["type"] = "Directory" } });
                added = true;
            }
        }

        if (added)
        {
            ops.Add((JsonNode)Op("add", path, list));
        }
    }

    private static void AddLabels(JsonArray ops, WebhookCmdOptions options, string path, JsonObject? existing)
    {
        var labels = existing?.DeepClone().AsObject() ?? [];
        var added = false;
        foreach (var (key, value) in options.Labels)
        {
            if (!labels.ContainsKey(key))
            {
                labels[key] = value;
                added = true;
            }
        }

        if (added)
        {
            ops.Add((JsonNode)Op("add", path, labels));
        }
    }

    private static JsonObject Op(string op, string path, JsonNode value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
