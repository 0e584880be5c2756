using System.CommandLine;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> State = new("--state")
    {
        Description = "The supervisor's state folder (default /run/nsm, or $NSMCTL_STATE)",
        Recursive = true,
    };

    public static readonly Option<string?> Programs = new("--programs")
    {
        Description = "Folder with the NSM programs (nsm-nsmgr …; default: next to nsmctl, or the source tree's builds; $NSMCTL_PROGRAMS)",
        Recursive = true,
    };

    public static Option<string?> Namespace() => new("--namespace", "-n") { Description = "The namespace (default: default)" };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A") { Description = "All namespaces" };

    public static Option<string?> Selector() => new("--selector", "-l") { Description = "Label selector (k=v, k!=v, k in (a,b) …)" };

    public static Option<string[]> Files() => new("--filename", "-f") { Description = "File, folder or - (stdin) with manifests", AllowMultipleArgumentsPerToken = false };
}
