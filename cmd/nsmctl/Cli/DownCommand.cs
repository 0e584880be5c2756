using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl down</c>: stops every pod and program, deletes every namespace and file the supervisor made and stops
/// the supervisor; with the supervisor gone (crashed), cleans up from its ledger.
/// </summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var command = new Command("down", "Remove everything nsmctl made: pods, processes, namespaces, sockets, state");
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            int? pid = null;
            if (File.Exists(context.Layout.InfoFile) && JsonNode.Parse(await File.ReadAllTextAsync(context.Layout.InfoFile, ct)) is JsonObject info)
            {
                pid = Json.Int(info["pid"]);
            }

            if (context.Client.IsRunning)
            {
                await context.Client.CallAsync(new JsonObject { ["verb"] = "down" }, ct);
            }

            if (pid is { } p)
            {
                var until = context.Time.GetUtcNow() + TimeSpan.FromSeconds(15);
                while (IsRunning(p) && context.Time.GetUtcNow() < until)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), context.Time, ct);
                }
            }

            await MeshSupervisor.CleanupAsync(context.Layout);
            Console.Out.WriteLine($"nsmctl is down: nodes, pods and state of {context.Layout.Root} removed");
            return 0;
        }));
        return command;
    }

    // /proc/PID is a folder; a zombie (exited, not yet reaped by whoever adopted it) has finished its work.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 1)..].TrimStart().StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
