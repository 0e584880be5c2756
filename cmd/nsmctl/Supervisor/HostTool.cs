using System.Diagnostics;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>Runs a host tool (<c>ip</c>) and returns its exit code and output.</summary>
internal static class HostTool
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }
}
