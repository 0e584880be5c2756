using System.Runtime.InteropServices;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>The few libc calls nsmctl makes (signals, entering a pod's network namespace, exec).</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "execvp", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ExecVp(string file, string?[] argv);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();
}
