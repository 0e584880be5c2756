using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl delete -f FILE|DIR|-</c> or <c>nsmctl delete KIND NAME… | -l SEL [--field-selector SEL]</c>.</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var files = GlobalOptions.Files();
        var args = new Argument<string[]>("target") { Arity = ArgumentArity.ZeroOrMore, Description = "KIND NAME… or KIND/NAME…" };
        var ns = GlobalOptions.Namespace();
        var selector = GlobalOptions.Selector();
        var fields = GlobalOptions.FieldSelector();
        var ignore = new Option<bool>("--ignore-not-found") { Description = "Treat missing objects as deleted" };
        var command = new Command("delete", "Delete objects (a namespace takes everything in it)") { args, files, ns, selector, fields, ignore };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var defaultNs = parse.GetValue(ns) ?? "default";
            var targets = new JsonArray();
            void Add(ResourceKind kind, string? objectNs, string name) =>
                targets.Add((JsonNode)new JsonObject { ["kind"] = kind.Kind, ["namespace"] = kind.Namespaced ? objectNs ?? defaultNs : "", ["name"] = name });
            if (parse.GetValue(files) is { Length: > 0 } paths)
            {
                foreach (var d in ManifestReader.Read(paths, Console.In).OrderByDescending(d => d.Index))
                {
                    if (ResourceKind.FromKind(d.Kind) is { Appliable: true } kind)
                    {
                        Add(kind, d.Namespace, d.Name);
                    }
                }
            }
            else
            {
                var words = parse.GetValue(args) ?? [];
                if (words.Length == 0)
                {
                    throw new ManifestException("error: You must provide one or more resources by argument or filename.");
                }

                if (words[0].Contains('/', StringComparison.Ordinal))
                {
                    foreach (var w in words)
                    {
                        var (kind, name) = GetCommand.ParseKind(w);
                        Add(kind, null, name!);
                    }
                }
                else
                {
                    var (kind, _) = GetCommand.ParseKind(words[0]);
                    var names = words.Skip(1).ToList();
                    var sel = parse.GetValue(selector);
                    var fieldSel = parse.GetValue(fields);
                    if (sel is not null || fieldSel is not null)
                    {
                        names.AddRange((await GetCommand.FetchAsync(context, kind, defaultNs, [], sel, FieldSelector.Parse(fieldSel), ct)).Select(o => Json.String(o["metadata"]?["name"]) ?? ""));
                    }

                    if (names.Count == 0 && sel is null && fieldSel is null)
                    {
                        throw new ManifestException("error: resource(s) were provided, but no name was specified");
                    }

                    foreach (var name in names)
                    {
                        Add(kind, null, name);
                    }
                }
            }

            var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "delete", ["targets"] = targets, ["ignoreNotFound"] = parse.GetValue(ignore) }, ct);
            return CliRun.Print(answer);
        }));
        return command;
    }
}
