using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Output;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl get KIND [NAME…] [-n NS|-A] [-l SEL] [--field-selector SEL] [-o wide|yaml|json|name|go-template=T|jsonpath=T]
/// [--template T]</c>.
/// </summary>
internal static class GetCommand
{
    public static Command Create()
    {
        var kindArg = new Argument<string>("kind") { Description = "pods, deployments, daemonsets, services, configmaps, namespaces, nodes, networkservices, networkserviceendpoints (or KIND/NAME)" };
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.ZeroOrMore };
        var ns = GlobalOptions.Namespace();
        var all = GlobalOptions.AllNamespaces();
        var selector = GlobalOptions.Selector();
        var fields = GlobalOptions.FieldSelector();
        var output = new Option<string?>("--output", "-o") { Description = "wide, yaml, json, name, go-template=TEMPLATE, go-template-file=FILE, jsonpath=TEMPLATE or jsonpath-file=FILE" };
        var template = new Option<string?>("--template") { Description = "The template for -o go-template or -o jsonpath (alone: a go-template)" };
        var command = new Command("get", "List objects") { kindArg, names, ns, all, selector, fields, output, template };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var format = OutputFormat.Parse(parse.GetValue(output), parse.GetValue(template));
            var fieldSelector = FieldSelector.Parse(parse.GetValue(fields));
            var code = 0;
            var kinds = parse.GetValue(kindArg)!.Split(',', StringSplitOptions.RemoveEmptyEntries);
            for (var k = 0; k < kinds.Length; k++)
            {
                var (kind, fromArg) = ParseKind(kinds[k]);
                var wanted = (parse.GetValue(names) ?? []).Concat(fromArg is null ? [] : [fromArg]).ToList();
                var allNs = parse.GetValue(all);
                var namespaceName = parse.GetValue(ns) ?? "default";
                var items = await FetchAsync(context, kind, allNs ? null : namespaceName, wanted, parse.GetValue(selector), fieldSelector, ct);
                foreach (var missing in wanted.Where(n => !items.Any(i => Json.String(i["metadata"]?["name"]) == n)))
                {
                    await Console.Error.WriteLineAsync($"Error from server (NotFound): {kind.Plural} \"{missing}\" not found");
                    code = 1;
                }

                if (k > 0 && items.Count > 0 && format.IsTable)
                {
                    Console.Out.WriteLine();
                }

                Write(kind, items, format, allNs, wanted.Count == 1, namespaceName, context.Time.GetUtcNow());
            }

            return code;
        }));
        return command;
    }

    public static (ResourceKind Kind, string? Name) ParseKind(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var kindName = slash > 0 ? text[..slash] : text;
        var kind = ResourceKind.Resolve(kindName) ?? throw new ManifestException($"error: the server doesn't have a resource type \"{kindName}\"");
        return (kind, slash > 0 ? text[(slash + 1)..] : null);
    }

    public static Task<List<JsonObject>> FetchAsync(CliContext context, ResourceKind kind, string? ns, IReadOnlyList<string> names, string? selector, CancellationToken ct) =>
        FetchAsync(context, kind, ns, names, selector, FieldSelector.Everything, ct);

    /// <summary>The objects of a kind the names, the label selector and the field selector pick.</summary>
    public static async Task<List<JsonObject>> FetchAsync(CliContext context, ResourceKind kind, string? ns, IReadOnlyList<string> names, string? selector, FieldSelector fields, CancellationToken ct)
    {
        fields.Validate(kind);
        var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "get", ["kind"] = kind.Kind, ["namespace"] = ns, ["selector"] = selector }, ct);
        return (answer["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => names.Count == 0 || names.Contains(Json.String(i["metadata"]?["name"]) ?? ""))
            .Where(fields.Matches)
            .Select(i => (JsonObject)i.DeepClone()).ToList();
    }

    public static void Write(ResourceKind kind, List<JsonObject> items, OutputFormat format, bool allNs, bool single, string ns, DateTimeOffset now)
    {
        if (!format.IsTable)
        {
            foreach (var i in items)
            {
                (i["status"] as JsonObject)?.Remove("display");
            }
        }

        var shown = single && items.Count == 1 ? items[0] : ListOf(items);
        switch (format.Name)
        {
            case "yaml":
                Console.Out.Write(YamlWriter.Write(shown));
                break;
            case "json":
                Console.Out.WriteLine(shown.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "name":
                foreach (var i in items)
                {
                    Console.Out.WriteLine(kind.Ref(Json.String(i["metadata"]?["name"]) ?? ""));
                }

                break;
            case "go-template" or "jsonpath":
                Console.Out.Write(format.Execute(shown));
                break;
            default:
                if (items.Count == 0)
                {
                    Console.Error.WriteLine(allNs || !kind.Namespaced ? "No resources found" : $"No resources found in {ns} namespace.");
                    return;
                }

                Console.Out.Write(ObjectTable.Render(kind, items, format.Name == "wide", allNs, now));
                break;
        }
    }

    private static JsonObject ListOf(List<JsonObject> items) => new()
    {
        ["apiVersion"] = "v1",
        ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
        ["kind"] = "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    };
}
