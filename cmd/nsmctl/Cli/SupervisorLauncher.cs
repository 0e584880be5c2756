using System.Diagnostics;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Protocol;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>Starts <c>nsmctl supervise</c> detached (its own session, output in the state folder) and waits for its socket.</summary>
internal static class SupervisorLauncher
{
    public static async Task EnsureAsync(StateLayout layout, string? programsDir, TimeProvider time, CancellationToken ct)
    {
        var client = new SupervisorClient(layout.Socket);
        if (client.IsRunning)
        {
            return;
        }

        if (NativeMethods.GetEuid() != 0)
        {
            throw new ManifestException("error: nsmctl runs pods in network namespaces: run it as root");
        }

        Directory.CreateDirectory(layout.Root);
        string[] self = Self();
        var args = new List<string> { "supervise", "--state", layout.Root };
        if (programsDir is { Length: > 0 })
        {
            args.AddRange(["--programs", Path.GetFullPath(programsDir)]);
        }

        var command = string.Join(' ', self.Concat(args).Select(Quote));
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = layout.Root };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"setsid {command} >>{Quote(layout.SupervisorLog)} 2>&1 </dev/null &");
        using (var sh = Process.Start(info)!)
        {
            await sh.WaitForExitAsync(ct);
        }

        var until = time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!client.IsRunning)
        {
            if (time.GetUtcNow() > until)
            {
                var log = File.Exists(layout.SupervisorLog) ? File.ReadAllText(layout.SupervisorLog) : "";
                throw new ManifestException($"error: the supervisor did not start within 30 s; its log ({layout.SupervisorLog}):\n{log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    /// <summary>How to run this nsmctl again: the native binary, or <c>dotnet nsmctl.dll</c>.</summary>
    public static string[] Self()
    {
        var path = Environment.ProcessPath ?? "nsmctl";
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return [path, Path.Combine(AppContext.BaseDirectory, "nsmctl.dll")];
        }

        return [path];
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
