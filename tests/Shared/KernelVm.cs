using System.Diagnostics;
using System.Globalization;

namespace Nsm.Tests.Shared;

/// <summary>
/// (Compiled into the test projects from tests/Shared.)
/// Runs a command under a real Debian kernel (with WireGuard) in a virtual machine through scripts/kernel-vm.sh
/// (docs/kernel-vm.md): the host's root filesystem is the VM's, read-only, so the repository's build output and
/// dotnet run there as they are. Tests that need it use <see cref="KernelVmFactAttribute"/>, which skips them with
/// <see cref="UnavailableReason"/>.
/// </summary>
internal static class KernelVm
{
    /// <summary>Set by scripts/test.sh when preparing the VM failed: the reason, so that tests skip without trying again.</summary>
    public const string UnavailableVariable = "NSM_KERNEL_VM_UNAVAILABLE";

    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(30);
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Null when the VM can run commands here; otherwise why not (one line), for a skipped test.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>The repository's root (the folder holding Nsm.Sdk.sln above the test's output).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The output of another project of tests/ built with the same configuration as the calling test project,
    /// e.g. <c>BuiltAssembly("Nsm.KernelVm.Checks")</c> → tests/Nsm.KernelVm.Checks/bin/Release/net10.0/Nsm.KernelVm.Checks.dll.
    /// </summary>
    public static string BuiltAssembly(string project)
    {
        // AppContext.BaseDirectory: tests/<ThisProject>/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = tfm.Parent!;
        return Path.Combine(RepoRoot, "tests", project, "bin", configuration.Name, tfm.Name, project + ".dll");
    }

    /// <summary>
    /// Boots the VM, runs <paramref name="command"/> in it (in the current directory, as root) and returns its exit
    /// code and output. The VM is killed after <paramref name="timeout"/> (exit code 124); cancelling kills it too.
    /// </summary>
    public static async Task<KernelVmResult> RunAsync(string[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // The VM has its own tmpfs on /tmp and /var/tmp: a checkout there (a CI clone) is shared into it, or the
        // command's build output would not be found.
        string[] share = RepoRoot.StartsWith("/tmp/", StringComparison.Ordinal) || RepoRoot.StartsWith("/var/tmp/", StringComparison.Ordinal) ? ["--rw", RepoRoot] : [];
        var (exitCode, output, errors) = await RunScriptAsync(["run", "--timeout", seconds, .. share, "--", .. command], timeout + KillGrace, cancellationToken);
        return new KernelVmResult(exitCode, output, errors);
    }

    private static string? Probe()
    {
        var reason = Environment.GetEnvironmentVariable(UnavailableVariable);
        if (!string.IsNullOrWhiteSpace(reason))
        {
            return reason;
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "the kernel VM needs Linux and root";
        }

        try
        {
            var (exitCode, _, errors) = RunScriptAsync(["prepare"], PrepareTimeout, CancellationToken.None).GetAwaiter().GetResult();
            if (exitCode == 0)
            {
                return null;
            }

            var line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return line ?? $"scripts/kernel-vm.sh exited {exitCode}";
        }
#pragma warning disable CA1031 // any failure to prepare is the reason the tests skip
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"scripts/kernel-vm.sh: {ex.Message}";
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(
        IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "scripts", "kernel-vm.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // The script and qemu under it: a test that times out or is cancelled leaves no VM behind.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (KernelVmResult.TimedOutExitCode, await output, await errors + $"\nkilled after {limit.TotalSeconds:0} s");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nsm.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no Nsm.Sdk.sln above {AppContext.BaseDirectory}");
    }
}
