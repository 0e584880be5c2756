using System.Diagnostics;

namespace Nsm.Images.Tests;

/// <summary>What one <c>docker</c> command did.</summary>
/// <param name="ExitCode">The exit code (-1 when it could not start or ran out of time).</param>
/// <param name="Output">Its standard output, trimmed.</param>
/// <param name="Error">Its standard error, trimmed (or why it could not run).</param>
internal sealed record DockerResult(int ExitCode, string Output, string Error)
{
    public bool Ok => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}: {Output} {Error}".Trim();
}

/// <summary>Runs the docker command line (and the repository's scripts) as child processes.</summary>
internal static class DockerCli
{
    /// <summary>Runs <c>docker</c> with the arguments; never throws for a failed command.</summary>
    public static Task<DockerResult> RunAsync(IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunProcessAsync("docker", args, null, timeout, cancellationToken);

    /// <summary>Runs a program with the arguments in a working directory; ends it when the time is up.</summary>
    public static async Task<DockerResult> RunProcessAsync(
        string program, IEnumerable<string> args, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new DockerResult(-1, string.Empty, $"{program} cannot run: {ex.Message}");
        }

        using (process)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            var output = process.StandardOutput.ReadToEndAsync(cts.Token);
            var error = process.StandardError.ReadToEndAsync(cts.Token);
            try
            {
                await process.WaitForExitAsync(cts.Token);
                return new DockerResult(process.ExitCode, (await output).Trim(), (await error).Trim());
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return new DockerResult(-1, string.Empty, $"{program} {string.Join(' ', info.ArgumentList)}: no answer within {timeout}");
            }
        }
    }
}
