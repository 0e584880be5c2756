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

    /// <summary><c>-l</c>; given twice, the last one counts, as in kubectl (upstream's READMEs write <c>-l app=nse-kernel -l version=new</c>).</summary>
    public static Option<string?> Selector() => new("--selector", "-l")
    {
        Description = "Label selector (k=v, k!=v, k in (a,b) …)",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => result.Tokens.Count > 0 ? result.Tokens[^1].Value : null,
    };

    public static Option<string?> FieldSelector() => new("--field-selector") { Description = "Field selector (metadata.name=x, spec.nodeName==worker-1, status.phase!=Running; comma-separated)" };

    public static Option<string[]> Files() => new("--filename", "-f") { Description = "File, folder or - (stdin) with manifests", AllowMultipleArgumentsPerToken = false };
}
