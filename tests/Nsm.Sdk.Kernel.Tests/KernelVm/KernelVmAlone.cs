namespace Nsm.Sdk.Kernel.Tests.KernelVm;

/// <summary>The tests that boot the kernel VM: not in parallel with anything (xunit runs such a collection alone).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelVmAlone
{
    public const string Name = "KernelVm";
}
