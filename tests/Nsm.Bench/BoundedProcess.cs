using System.Diagnostics;

namespace Nsm.Bench;

/// <summary>Runs a command to its end with its output collected, killed (with its children) when it overruns.</summary>
internal static class BoundedProcess
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; a <see cref="TimeoutException"/> after <paramref name="max"/>.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, TimeSpan max, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        p.StandardInput.Close(); // nothing to read: a command (nsmctl up's supervisor) never waits on the bench's stdin
        var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(max);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} did not exit within {max.TotalSeconds:F0} s");
        }

        return (p.ExitCode, await stdout, await stderr);
    }
}
