namespace Nsm.Tests.Shared;

/// <summary>
/// (Compiled into the test projects from tests/Shared.)
/// What a command run in the kernel VM did: its exit code (124: the VM timed out and was killed; 125/126: the VM
/// could not run it, see <see cref="Errors"/>), its output (stdout and stderr together, as the VM's console showed
/// them) and the script's own messages.
/// </summary>
internal sealed record KernelVmResult(int ExitCode, string Output, string Errors)
{
    /// <summary>Exit code of scripts/kernel-vm.sh when the VM ran out of time (qemu killed).</summary>
    public const int TimedOutExitCode = 124;

    public bool TimedOut => ExitCode == TimedOutExitCode;

    /// <summary>The output's lines, without the empty ones.</summary>
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}\n--- errors\n{Errors}";
}
