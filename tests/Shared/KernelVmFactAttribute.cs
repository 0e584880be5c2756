namespace Nsm.Tests.Shared;

/// <summary>
/// (Compiled into the test projects from tests/Shared.)
/// A fact that needs the kernel VM (scripts/kernel-vm.sh): skipped, with the reason, where it cannot run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class KernelVmFactAttribute : FactAttribute
{
    public KernelVmFactAttribute()
    {
        if (KernelVm.UnavailableReason is { } reason)
        {
            Skip = "kernel VM unavailable: " + reason;
        }
    }
}
