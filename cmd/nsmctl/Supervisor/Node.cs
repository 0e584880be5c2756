namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>The machine as a Kubernetes node (<c>worker-1</c>): its labels steer DaemonSets' nodeSelector.</summary>
internal sealed class Node(string name, DateTimeOffset created)
{
    public string Name { get; } = name;

    public DateTimeOffset Created { get; } = created;

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = name,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = "amd64",
    };
}
