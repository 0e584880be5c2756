using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl label node worker-1 k=v [k2-] [--overwrite]</c> (DaemonSets' nodeSelector follows).</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var kindArg = new Argument<string>("kind");
        var name = new Argument<string>("name");
        var changes = new Argument<string[]>("labels") { Arity = ArgumentArity.OneOrMore, Description = "k=v to set, k- to remove" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing values" };
        var command = new Command("label", "Label the node") { kindArg, name, changes, overwrite };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var (kind, _) = GetCommand.ParseKind(parse.GetValue(kindArg)!);
            if (kind != ResourceKind.Node)
            {
                throw new ManifestException("error: nsmctl labels nodes only (pods take their labels from manifests)");
            }

            var context = new CliContext(parse);
            await context.EnsureSupervisorAsync(ct);
            var answer = await context.Client.CallAsync(new JsonObject
            {
                ["verb"] = "label-node",
                ["name"] = parse.GetValue(name),
                ["changes"] = new JsonArray((parse.GetValue(changes) ?? []).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                ["overwrite"] = parse.GetValue(overwrite),
            }, ct);
            return CliRun.Print(answer);
        }));
        return command;
    }
}
