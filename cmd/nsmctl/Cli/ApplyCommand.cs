using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl apply -f FILE|DIR|-</c>: validates every document, then applies them (starting the supervisor if needed).</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var files = GlobalOptions.Files();
        files.Required = true;
        var ns = GlobalOptions.Namespace();
        var dryRun = new Option<string?>("--dry-run") { Description = "client: only validate and print what would be applied", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("apply", "Apply manifests (multi-document YAML or JSON) to the node") { files, ns, dryRun };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var documents = ManifestReader.Read(parse.GetValue(files) ?? [], Console.In);
            var (errors, warnings) = ManifestValidator.Validate(documents, parse.GetValue(ns));
            if (errors.Count > 0)
            {
                throw new ManifestException(string.Join("\n", errors.Select(e => "error: " + e)));
            }

            if (parse.GetResult(dryRun) is not null)
            {
                foreach (var w in warnings)
                {
                    await Console.Error.WriteLineAsync("Warning: " + w);
                }

                foreach (var d in documents)
                {
                    if (ResourceKind.FromKind(d.Kind) is { Appliable: true } kind)
                    {
                        Console.Out.WriteLine($"{kind.Ref(d.Name)} created (dry run)");
                    }
                }

                return 0;
            }

            await context.EnsureSupervisorAsync(ct);
            var request = new JsonObject
            {
                ["verb"] = "apply",
                ["namespace"] = parse.GetValue(ns),
                ["documents"] = new JsonArray(documents.Select(d => (JsonNode?)new JsonObject { ["index"] = d.Index, ["source"] = d.Source, ["body"] = d.Body.DeepClone() }).ToArray()),
            };
            var answer = await context.Client.CallAsync(request, ct);
            CliRun.Print(answer);
            return 0;
        }));
        return command;
    }
}
