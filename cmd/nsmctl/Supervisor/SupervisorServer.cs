using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Protocol;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>Serves the CLI's requests on the state folder's unix socket (see <see cref="LineProtocol"/>).</summary>
internal sealed class SupervisorServer(MeshSupervisor mesh, Action<string> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        using var listener = LineProtocol.Listen(mesh.Layout.Socket);
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _ = Task.Run(() => ServeAsync(client, ct), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        await using var stream = new NetworkStream(client, ownsSocket: true);
        JsonObject answer;
        var down = false;
        try
        {
            var request = await LineProtocol.ReadAsync(stream, ct) ?? [];
            var verb = Json.String(request["verb"]) ?? "";
            down = verb == "down";
            answer = await HandleAsync(verb, request, ct);
            answer["ok"] = true;
        }
        catch (ManifestException ex)
        {
            answer = new JsonObject { ["ok"] = false, ["error"] = ex.Message };
        }
#pragma warning disable CA1031 // one failed request must not take the supervisor down; the error goes back to the CLI
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log("request failed: " + ex);
            answer = new JsonObject { ["ok"] = false, ["error"] = "error: " + ex.Message };
        }

        try
        {
            await LineProtocol.WriteAsync(stream, answer, ct);
        }
        catch (IOException)
        {
        }

        if (down)
        {
            mesh.Down.TrySetResult();
        }
    }

    private async Task<JsonObject> HandleAsync(string verb, JsonObject r, CancellationToken ct)
    {
        switch (verb)
        {
            case "ping":
                return new JsonObject
                {
                    ["id"] = mesh.Id,
                    ["pid"] = Environment.ProcessId,
                    ["nodes"] = new JsonArray(mesh.Nodes.Select(n => (JsonNode?)JsonValue.Create(n.Name)).ToArray()),
                    ["nodeNetwork"] = mesh.Nodes.Count > 1 ? mesh.NodeOptions.Range : null,
                    ["security"] = mesh.Security.ToString(),
                    ["workloadApi"] = mesh.WorkloadApi?.Address.ToString(),
                };
            case "apply":
            {
                var docs = Json.Objects(r["documents"]).Select((d, i) => new ManifestDocument(Json.Int(d["index"]) ?? i, Json.String(d["source"]) ?? "-", (JsonObject)d["body"]!.DeepClone())).ToList();
                var (lines, warnings) = await mesh.ApplyAsync(docs, Json.String(r["namespace"]), ct);
                return new JsonObject { ["lines"] = Strings(lines), ["warnings"] = Strings(warnings) };
            }

            case "delete":
            {
                var targets = Json.Objects(r["targets"]).Select(t => (ResourceKind.FromKind(Json.String(t["kind"]) ?? "") ?? throw new ManifestException("error: unknown kind " + t["kind"]), Json.String(t["namespace"]) ?? "", Json.String(t["name"]) ?? "")).ToList();
                var (lines, errors) = await mesh.DeleteAsync(targets, Json.Bool(r["ignoreNotFound"]), ct);
                return new JsonObject { ["lines"] = Strings(lines), ["errors"] = Strings(errors) };
            }

            case "get":
            {
                var kind = ResourceKind.FromKind(Json.String(r["kind"]) ?? "") ?? throw new ManifestException("error: unknown kind");
                var items = await mesh.GetAsync(kind, Json.String(r["namespace"]), Json.String(r["name"]), LabelSelector.Parse(Json.String(r["selector"])), ct);
                return new JsonObject { ["items"] = new JsonArray(items.ToArray<JsonNode?>()) };
            }

            case "label-node":
            {
                var changes = (r["changes"] as JsonArray ?? []).Select(Json.String).OfType<string>().ToList();
                var line = await mesh.LabelNodeAsync(Json.String(r["name"]) ?? "", changes, Json.Bool(r["overwrite"]), ct);
                return new JsonObject { ["lines"] = Strings([line]) };
            }

            case "pod":
                return new JsonObject { ["pod"] = await mesh.FindPodAsync(Json.String(r["namespace"]) ?? "default", Json.String(r["target"]) ?? "", ct) };
            case "down":
                await mesh.DownAsync();
                return [];
            default:
                throw new ManifestException($"error: unknown request '{verb}'");
        }
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
}
