namespace Nsm.KernelVm.Checks;

/// <summary>
/// One named check run inside the kernel VM. It throws (<see cref="CheckFailedException"/> through
/// <see cref="Expect"/>, or any other exception) to fail; everything it makes goes through its
/// <see cref="CheckContext"/>, which removes it afterwards.
/// </summary>
internal abstract class KernelCheck
{
    /// <summary>The name printed in PASS/FAIL lines and matched by <c>--filter</c> (lower-case, dashes).</summary>
    public abstract string Name { get; }

    /// <summary>Runs the check.</summary>
    public abstract Task RunAsync(CheckContext context);
}
