using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl up</c>: starts the supervisor (the node's control plane in nsm-system) and waits until it is ready.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the control plane", DefaultValueFactory = _ => "60s" };
        var command = new Command("up", "Start the node: registry, nsmgr and the kernel forwarder as pods in nsm-system") { timeout };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            await context.EnsureSupervisorAsync(ct);
            var ok = await WaitCommand.UntilAsync(context, "nsm-system", null, FieldSelector.Everything, TimeSpan.Zero + Duration.Parse(parse.GetValue(timeout)!), pods => pods.Count > 0 && pods.All(WaitCommand.IsReady), ct);
            var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "ping" }, ct);
            if (!ok)
            {
                throw new ManifestException($"error: the control plane is not ready; see nsmctl get pods -n nsm-system and nsmctl logs -n nsm-system (supervisor {Json.String(answer["id"])})");
            }

            Console.Out.WriteLine($"node worker-1 is up (supervisor {Json.String(answer["id"])}, pid {Json.String(answer["pid"])}, state {context.Layout.Root})");
            return 0;
        }));
        return command;
    }
}
