using System.Diagnostics;
using Nsm.Tests.Shared;
using Xunit.Abstractions;
using Vm = Nsm.Tests.Shared.KernelVm;

namespace Nsm.Sdk.Kernel.Tests.KernelVm;

/// <summary>
/// Kernel WireGuard (which the host's kernel lacks) under Debian's 6.1 kernel in the kernel VM: the checks of
/// tests/Nsm.KernelVm.Checks for generic netlink's wireguard family and <see cref="WireGuard.WireGuardDevices"/>
/// with kernel devices (tunnel, GET_DEVICE read-back, wrong key, take-over after a restart, cleanup).
/// </summary>
[Collection(KernelVmAlone.Name)]
public class WireGuardKernelVmTests(ITestOutputHelper output)
{
    private static readonly string[] Checks =
    [
        "genetlink-wireguard-family", "wireguard-kernel-tunnel", "wireguard-kernel-wrong-key", "wireguard-kernel-adopt",
    ];

    [KernelVmFact]
    public async Task Kernel_wireguard_devices_carry_traffic_read_back_diagnose_a_wrong_key_and_are_taken_over_after_a_restart()
    {
        var checks = Vm.BuiltAssembly("Nsm.KernelVm.Checks");
        Assert.True(File.Exists(checks), $"{checks} is not built");
        var watch = Stopwatch.StartNew();
        var result = await Vm.RunAsync(["dotnet", checks, .. Checks.SelectMany(c => new[] { "--filter", c })], TimeSpan.FromMinutes(3), CancellationToken.None);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {result}");
        foreach (var check in Checks)
        {
            Assert.Contains("PASS " + check, result.Lines);
        }

        Assert.Equal(0, result.ExitCode);
    }
}
