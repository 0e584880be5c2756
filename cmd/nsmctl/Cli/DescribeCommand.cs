using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Output;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl describe KIND [NAME] [-n NS] [-l SEL] [--field-selector SEL]</c>: each object's metadata, then its spec and status.</summary>
internal static class DescribeCommand
{
    public static Command Create()
    {
        var kindArg = new Argument<string>("kind");
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.ZeroOrMore };
        var ns = GlobalOptions.Namespace();
        var all = GlobalOptions.AllNamespaces();
        var selector = GlobalOptions.Selector();
        var fields = GlobalOptions.FieldSelector();
        var command = new Command("describe", "Show details of objects") { kindArg, names, ns, all, selector, fields };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var (kind, fromArg) = GetCommand.ParseKind(parse.GetValue(kindArg)!);
            var wanted = (parse.GetValue(names) ?? []).Concat(fromArg is null ? [] : [fromArg]).ToList();
            var namespaceName = parse.GetValue(ns) ?? "default";
            var items = await GetCommand.FetchAsync(context, kind, parse.GetValue(all) ? null : namespaceName, wanted, parse.GetValue(selector), FieldSelector.Parse(parse.GetValue(fields)), ct);
            if (items.Count == 0)
            {
                throw new ManifestException(wanted.Count > 0 ? $"Error from server (NotFound): {kind.Plural} \"{wanted[0]}\" not found" : $"No resources found in {namespaceName} namespace.");
            }

            Console.Out.Write(string.Join("\n\n", items.Select(i => Render(kind, i))));
            return 0;
        }));
        return command;
    }

    public static string Render(ResourceKind kind, JsonObject o)
    {
        var sb = new StringBuilder();
        void Field(string name, string? value) => sb.Append((name + ":").PadRight(14)).Append(value is { Length: > 0 } ? value : "<none>").Append('\n');
        string Map(JsonNode? n) => string.Join("\n" + new string(' ', 14), Json.Map(n).Select(kv => kv.Key + "=" + kv.Value));
        Field("Name", Json.String(o["metadata"]?["name"]));
        if (kind.Namespaced)
        {
            Field("Namespace", Json.String(o["metadata"]?["namespace"]));
        }

        Field("Labels", Map(o["metadata"]?["labels"]));
        Field("Annotations", Map(o["metadata"]?["annotations"]));
        Field("API Version", kind.ApiVersion);
        Field("Kind", kind.Kind);
        Field("Created", Json.String(o["metadata"]?["creationTimestamp"]));
        if (kind == ResourceKind.Pod)
        {
            Field("Node", Json.String(o["spec"]?["nodeName"]));
            Field("Status", Json.String(o["status"]?["display"]) ?? Json.String(o["status"]?["phase"]));
            Field("IP", Json.String(o["status"]?["podIP"]));
            Field("Netns", Json.String(o["status"]?["networkNamespace"]) ?? "(the node's)");
            Field("SPIFFE ID", Json.String(o["status"]?["spiffeId"]));
            sb.Append("Containers:\n");
            foreach (var c in Json.Objects(o["status"]?["containerStatuses"]))
            {
                sb.Append("  ").Append(Json.String(c["name"])).Append(":\n");
                sb.Append("    Image:          ").Append(Json.String(c["image"])).Append('\n');
                sb.Append("    Program:        ").Append(Json.String(c["program"]) ?? "<not run: its pod's namespace only>").Append('\n');
                var waiting = c["state"]?["waiting"];
                sb.Append("    State:          ").Append(waiting is null ? "Running" : "Waiting").Append('\n');
                if (waiting is not null)
                {
                    sb.Append("      Reason:       ").Append(Json.String(waiting["reason"])).Append('\n');
                    if (Json.String(waiting["message"]) is { } message)
                    {
                        sb.Append("      Message:      ").Append(message).Append('\n');
                    }
                }

                sb.Append("    Ready:          ").Append(Json.Bool(c["ready"]) ? "True" : "False").Append('\n');
                sb.Append("    Restart Count:  ").Append(Json.String(c["restartCount"])).Append('\n');
            }

            sb.Append("Conditions:\n");
            foreach (var c in Json.Objects(o["status"]?["conditions"]))
            {
                sb.Append("  ").Append(Json.String(c["type"])).Append(": ").Append(Json.String(c["status"]));
                if (Json.String(c["reason"]) is { } reason)
                {
                    sb.Append(" (").Append(reason).Append(')');
                }

                sb.Append('\n');
            }
        }
        else
        {
            foreach (var section in new[] { "spec", "data", "status" })
            {
                if (o[section] is JsonObject { Count: > 0 } value)
                {
                    sb.Append(char.ToUpperInvariant(section[0])).Append(section[1..]).Append(":\n");
                    foreach (var line in YamlWriter.Write(value).TrimEnd('\n').Split('\n'))
                    {
                        sb.Append("  ").Append(line).Append('\n');
                    }
                }
            }
        }

        // The one event nsmctl keeps: why the scheduler leaves a pod Pending.
        var unscheduled = Json.Objects(o["status"]?["conditions"]).FirstOrDefault(c => Json.String(c["reason"]) == "Unschedulable");
        sb.Append(unscheduled is null
            ? "Events:       <none>\n"
            : $"Events:\n  Type     Reason            From               Message\n  Warning  FailedScheduling  default-scheduler  {Json.String(unscheduled["message"])}\n");
        return sb.ToString();
    }
}
