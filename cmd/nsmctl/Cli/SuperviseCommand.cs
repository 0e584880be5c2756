using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl supervise</c> (hidden): the supervisor itself, started in the background by up/apply.</summary>
internal static class SuperviseCommand
{
    public static Command Create()
    {
        var shape = new UpCommand.NodeOptions();
        var security = new SecurityOptions();
        var command = new Command("supervise", "Run the node supervisor in the foreground (started by up/apply)");
        shape.AddTo(command);
        security.AddTo(command);
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(parse);
            void Log(string line) => Console.Out.WriteLine($"{context.Time.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}");
            var options = shape.Read(parse);
            var secured = security.Read(parse);
            await using var mesh = new MeshSupervisor(context.Layout, context.ProgramsDir, options, secured, context.Time, Log);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, s =>
            {
                s.Cancel = true;
                mesh.Down.TrySetResult();
            });
            Directory.CreateDirectory(context.Layout.Root);

            // A daemon does not keep its caller's folder: that may be deleted while it runs, and then every process it starts fails.
            Directory.SetCurrentDirectory(context.Layout.Root);
            await File.WriteAllTextAsync(context.Layout.InfoFile, new JsonObject { ["pid"] = Environment.ProcessId, ["id"] = mesh.Id, ["started"] = context.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }.ToJsonString(), ct);
            Log($"supervisor {mesh.Id} (pid {Environment.ProcessId}) state {context.Layout.Root}");
            try
            {
                await mesh.StartAsync(ct);
            }
            catch (InvalidOperationException ex)
            {
                Log($"{SupervisorLauncher.FailedMarker} {ex.Message}");
                return 1;
            }

            var server = new SupervisorServer(mesh, Log);
            var serving = server.RunAsync(stop.Token);
            await mesh.Down.Task.WaitAsync(ct);
            Log("down: removing everything");
            await stop.CancelAsync();
            await serving;
            await mesh.DownAsync();
            return 0;
        });
        return command;
    }
}
