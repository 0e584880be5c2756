using System.Diagnostics;
using Nsm.Tests.Shared;
using Xunit.Abstractions;
using Vm = Nsm.Tests.Shared.KernelVm;

namespace Nsm.Sdk.Kernel.Tests.KernelVm;

/// <summary>
/// The kernel VM (scripts/kernel-vm.sh, docs/kernel-vm.md) runs commands under Debian's 6.1 kernel, whose WireGuard
/// module the host's kernel may lack, and our .NET programs run there from the repository's build output.
/// Their own collection, run alone after the others: one VM at a time, and an emulated VM's CPU use never slows the
/// timing-sensitive kernel tests.
/// </summary>
[Collection(KernelVmAlone.Name)]
public class KernelVmTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [KernelVmFact]
    public async Task Under_the_debian_kernel_ip_adds_a_wireguard_link()
    {
        var result = await RunAsync(["sh", "-c", "uname -r; ip link add wg0 type wireguard && ip -d link show wg0 && ip link del wg0"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^6\.1\.\d+-\d+-amd64$", result.Lines[0]);
        Assert.Contains("wireguard", result.Output, StringComparison.Ordinal);
    }

    [KernelVmFact]
    public async Task Our_checks_program_passes_every_check_inside_the_vm()
    {
        var checks = Vm.BuiltAssembly("Nsm.KernelVm.Checks");
        Assert.True(File.Exists(checks), $"{checks} is not built");
        var result = await RunAsync(["dotnet", checks]);
        var verdicts = result.Lines.Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(verdicts, l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Contains("PASS wireguard-link", verdicts);
        Assert.Equal(0, result.ExitCode);
    }

    [KernelVmFact]
    public async Task The_command_s_exit_code_and_both_output_streams_come_back()
    {
        var result = await RunAsync(["sh", "-c", "echo to-stdout; echo to-stderr >&2; test -d /run/netns && exit 3"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["to-stdout", "to-stderr"], result.Lines);
    }

    [KernelVmFact]
    public async Task A_command_that_outlives_its_timeout_is_killed_with_its_vm()
    {
        var watch = Stopwatch.StartNew();
        var result = await Vm.RunAsync(["sleep", "600"], TimeSpan.FromSeconds(10), CancellationToken.None);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {result}");
        Assert.True(result.TimedOut, result.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        Assert.Empty(QemuProcessesOfTheKernelVm());
    }

    [KernelVmFact]
    public async Task Cancelling_a_run_kills_the_script_and_its_vm()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Vm.RunAsync(["sleep", "600"], Timeout, cancel.Token));
        Assert.Empty(QemuProcessesOfTheKernelVm());
    }

    private async Task<KernelVmResult> RunAsync(string[] command)
    {
        var watch = Stopwatch.StartNew();
        var result = await Vm.RunAsync(command, Timeout, CancellationToken.None);
        output.WriteLine($"{string.Join(' ', command)}: {watch.Elapsed.TotalSeconds:0.0} s, {result}");
        return result;
    }

    /// <summary>qemu processes booted by scripts/kernel-vm.sh (their kernel command line names the run folder).</summary>
    private static List<int> QemuProcessesOfTheKernelVm() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0 && ReadCommandLine(p.Dir).Contains("nsm.run=", StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();

    private static string ReadCommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
