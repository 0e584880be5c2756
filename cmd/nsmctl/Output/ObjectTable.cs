using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Output;

/// <summary>kubectl's columns for each kind (plus <c>-o wide</c> and the NAMESPACE column of <c>-A</c>).</summary>
internal static class ObjectTable
{
    public static string Render(ResourceKind kind, IReadOnlyList<JsonObject> items, bool wide, bool withNamespace, DateTimeOffset now)
    {
        var (headers, row) = Columns(kind, wide, now);
        if (withNamespace && kind.Namespaced)
        {
            headers = ["NAMESPACE", .. headers];
            var inner = row;
            row = o => [Json.String(o["metadata"]?["namespace"]) ?? "", .. inner(o)];
        }

        return Table.Render(headers, items.Select(row).ToList());
    }

    private static (string[] Headers, Func<JsonObject, IReadOnlyList<string>> Row) Columns(ResourceKind kind, bool wide, DateTimeOffset now)
    {
        string Name(JsonObject o) => Json.String(o["metadata"]?["name"]) ?? "";
        string AgeOf(JsonObject o) => Age.Since(Json.String(o["metadata"]?["creationTimestamp"]), now);
        string N(JsonNode? n) => (Json.Int(n) ?? 0).ToString(CultureInfo.InvariantCulture);
        string Labels(JsonObject o) => string.Join(',', Json.Map(o["metadata"]?["labels"]).Select(kv => kv.Key + "=" + kv.Value)) is { Length: > 0 } s ? s : "<none>";
        if (kind == ResourceKind.Pod)
        {
            string[] h = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
            IReadOnlyList<string> Basic(JsonObject o)
            {
                var statuses = Json.Objects(o["status"]?["containerStatuses"]).ToList();
                return
                [
                    Name(o),
                    $"{statuses.Count(s => Json.Bool(s["ready"]))}/{Math.Max(statuses.Count, Json.Objects(o["spec"]?["containers"]).Count())}",
                    Json.String(o["status"]?["display"]) ?? Json.String(o["status"]?["phase"]) ?? "",
                    statuses.Sum(s => Json.Int(s["restartCount"]) ?? 0).ToString(CultureInfo.InvariantCulture),
                    AgeOf(o),
                ];
            }

            return wide
                ? ([.. h, "IP", "NODE", "NETNS"], o => [.. Basic(o), Json.String(o["status"]?["podIP"]) ?? "<none>", Json.String(o["spec"]?["nodeName"]) ?? "<none>", Path.GetFileName(Json.String(o["status"]?["networkNamespace"]) ?? "<host>")])
                : (h, Basic);
        }

        if (kind == ResourceKind.Deployment)
        {
            return (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], o =>
                [Name(o), $"{N(o["status"]?["readyReplicas"])}/{Json.Int(o["spec"]?["replicas"]) ?? 1}", N(o["status"]?["updatedReplicas"]), N(o["status"]?["availableReplicas"]), AgeOf(o)]);
        }

        if (kind == ResourceKind.DaemonSet)
        {
            return (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], o =>
                [Name(o), N(o["status"]?["desiredNumberScheduled"]), N(o["status"]?["currentNumberScheduled"]), N(o["status"]?["numberReady"]), N(o["status"]?["updatedNumberScheduled"]), N(o["status"]?["numberAvailable"]),
                 string.Join(',', Json.Map(o["spec"]?["template"]?["spec"]?["nodeSelector"]).Select(kv => kv.Key + "=" + kv.Value)) is { Length: > 0 } sel ? sel : "<none>", AgeOf(o)]);
        }

        if (kind == ResourceKind.Service)
        {
            return (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], o =>
                [Name(o), Json.String(o["spec"]?["type"]) ?? "ClusterIP", "None", "<none>",
                 string.Join(',', Json.Objects(o["spec"]?["ports"]).Select(p => $"{Json.String(p["port"])}/{Json.String(p["protocol"]) ?? "TCP"}")) is { Length: > 0 } ports ? ports : "<none>", AgeOf(o)]);
        }

        if (kind == ResourceKind.ConfigMap)
        {
            return (["NAME", "DATA", "AGE"], o => [Name(o), (o["data"] as JsonObject)?.Count.ToString(CultureInfo.InvariantCulture) ?? "0", AgeOf(o)]);
        }

        if (kind == ResourceKind.Namespace)
        {
            return (["NAME", "STATUS", "AGE"], o => [Name(o), "Active", AgeOf(o)]);
        }

        if (kind == ResourceKind.Node)
        {
            return wide
                ? (["NAME", "STATUS", "ROLES", "AGE", "VERSION", "LABELS"], o => [Name(o), "Ready", "<none>", AgeOf(o), "nsmctl", Labels(o)])
                : (["NAME", "STATUS", "ROLES", "AGE", "VERSION"], o => [Name(o), "Ready", "<none>", AgeOf(o), "nsmctl"]);
        }

        if (kind == ResourceKind.NetworkService)
        {
            return (["NAME", "PAYLOAD", "AGE"], o => [Name(o), Json.String(o["spec"]?["payload"]) ?? "ETHERNET", AgeOf(o)]);
        }

        return (["NAME", "AGE"], o => [Name(o), AgeOf(o)]);
    }
}
