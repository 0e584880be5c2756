using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl exec [-i] [-t] POD|deployments/NAME [-n NS] [-c C] -- CMD…</c>: runs the host's CMD inside the pod's
/// network namespace (setns, then exec, through <c>ip netns exec</c>), with the container's volumes at their
/// mountPaths (<see cref="ExecMounts"/>), with this terminal, so interactive shells work; the exit code is CMD's.
/// </summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var pod = new Argument<string>("pod") { Description = "POD, pod/NAME, deployments/NAME or daemonsets/NAME" };
        var cmd = new Argument<string[]>("command") { Arity = ArgumentArity.OneOrMore, Description = "The command (after --)" };
        var ns = GlobalOptions.Namespace();
        var container = new Option<string?>("--container", "-c") { Description = "Container (all containers share the pod's network namespace)" };
        var stdin = new Option<bool>("--stdin", "-i") { Description = "Pass stdin (always on: the command inherits this terminal)" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a TTY (the command inherits this terminal)" };
        var command = new Command("exec", "Run a host command inside a pod's network namespace") { pod, cmd, ns, container, stdin, tty };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var namespaceName = parse.GetValue(ns) ?? "default";
            var target = parse.GetValue(pod)!;
            var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "pod", ["namespace"] = namespaceName, ["target"] = target }, ct);
            if (answer["pod"] is not JsonObject found)
            {
                throw new ManifestException($"Error from server (NotFound): pods \"{target}\" not found");
            }

            if (parse.GetValue(container) is { } c && !Json.Objects(found["spec"]?["containers"]).Any(x => Json.String(x["name"]) == c))
            {
                throw new ManifestException($"error: container {c} is not valid for pod {Json.String(found["metadata"]?["name"])}");
            }

            var netns = Json.String(found["status"]?["networkNamespace"]);
            var containerName = parse.GetValue(container) ?? Json.String(Json.Objects(found["spec"]?["containers"]).FirstOrDefault()?["name"]);
            var mounts = Json.Objects(Json.Objects(found["status"]?["containerStatuses"]).FirstOrDefault(s => Json.String(s["name"]) == containerName)?["mounts"]).ToList();
            var scratch = Path.Combine(context.Layout.PodDir(namespaceName, Json.String(found["metadata"]?["name"]) ?? ""), "exec");
            var words = parse.GetValue(cmd)!;
            var info = ExecMounts.StartInfo(netns is null ? null : Path.GetFileName(netns), mounts, scratch, words);
            using var ignoreInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, s => s.Cancel = true);
            using var ignoreQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, s => s.Cancel = true);
            using var process = Process.Start(info) ?? throw new ManifestException("error: cannot start " + words[0]);
            await process.WaitForExitAsync(CancellationToken.None);
            return process.ExitCode;
        }));
        return command;
    }
}
