using System.Text.Json.Nodes;

namespace Nsm.Cmd.Tests.Webhook;

/// <summary>AdmissionReview fixtures as the API server sends them (admission.k8s.io/v1).</summary>
internal static class AdmissionReviews
{
    /// <summary>The guide's client pod: one container, the bare annotation.</summary>
    public const string GuidePod = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "name": "alpine",
            "namespace": "guide",
            "labels": { "app": "alpine" },
            "annotations": { "networkservicemesh.io": "isolated-network" }
          },
          "spec": {
            "containers": [ { "name": "alpine", "image": "alpine:3.19", "command": ["sleep", "infinity"] } ]
          }
        }
        """;

    /// <summary>A pod without any annotation.</summary>
    public const string PlainPod = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": { "name": "web", "namespace": "plain" },
          "spec": { "containers": [ { "name": "web", "image": "nginx" } ], "volumes": [ { "name": "data", "emptyDir": {} } ] }
        }
        """;

    /// <summary>A review of <paramref name="obj"/> (a pod, or a workload with <paramref name="kind"/>).</summary>
    public static string Of(string obj, string kind = "Pod", string operation = "CREATE", string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", string? ns = null)
    {
        var o = JsonNode.Parse(obj)!.AsObject();
        var (group, resource) = kind == "Pod" ? ("", "pods") : ("apps", kind.ToLowerInvariant() + "s");
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
            ["namespace"] = ns ?? (string?)o["metadata"]?["namespace"],
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:kube-system:replicaset-controller" },
            ["object"] = o,
            ["oldObject"] = null,
            ["dryRun"] = false,
        };
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request }.ToJsonString();
    }

    /// <summary>The pod of <paramref name="obj"/> after the response's JSONPatch (checked to be one).</summary>
    public static JsonObject Patched(string obj, JsonObject response)
    {
        Assert.True((bool)response["allowed"]!);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patch = JsonNode.Parse(Convert.FromBase64String((string)response["patch"]!))!.AsArray();
        return JsonPatch.Apply(JsonNode.Parse(obj)!, patch).AsObject();
    }

    /// <summary>Asserts the response allows the object unchanged.</summary>
    public static void AssertAllowedUnchanged(JsonObject response)
    {
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
    }
}
