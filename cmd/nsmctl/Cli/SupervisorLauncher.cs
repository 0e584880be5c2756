using System.Diagnostics;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Protocol;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>Starts <c>nsmctl supervise</c> detached (its own session, output in the state folder) and waits for its socket.</summary>
internal static class SupervisorLauncher
{
    /// <summary>The message the supervisor logs when it cannot start (the launcher stops waiting when it sees it).</summary>
    public const string FailedMarker = "supervisor failed:";

    public static async Task EnsureAsync(StateLayout layout, string? programsDir, TimeProvider time, CancellationToken ct, IReadOnlyList<string>? extraArgs = null)
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

        args.AddRange(extraArgs ?? []);

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
            var log = File.Exists(layout.SupervisorLog) ? await File.ReadAllTextAsync(layout.SupervisorLog, ct) : "";
            if (log.Contains(FailedMarker, StringComparison.Ordinal))
            {
                throw new ManifestException($"error: the supervisor could not start (nsmctl down removes what it made); its log ({layout.SupervisorLog}):\n{log}");
            }

            if (time.GetUtcNow() > until)
            {
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
