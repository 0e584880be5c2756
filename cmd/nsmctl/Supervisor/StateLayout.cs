namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Where one supervisor keeps its state (default <c>/run/nsm</c>, or <c>--state</c>): the CLI socket, the ledger of
/// everything it created (for <c>down</c>, also after a crash), the mesh's sockets (hostPath
/// <c>/var/lib/networkservicemesh</c> maps here), the Workload API's socket, each pod's folder and each container's log.
/// </summary>
internal sealed class StateLayout(string root)
{
    public const string DefaultRoot = "/run/nsm";

    /// <summary>The folder used when neither <c>--state</c> nor <c>NSMCTL_STATE</c> is given.</summary>
    public static string Resolve(string? option) =>
        Path.GetFullPath(option is { Length: > 0 } ? option : Environment.GetEnvironmentVariable("NSMCTL_STATE") is { Length: > 0 } env ? env : DefaultRoot);

    public string Root { get; } = root;

    public string Socket => Path.Combine(Root, "nsmctl.sock");

    public string SupervisorLog => Path.Combine(Root, "supervisor.log");

    public string InfoFile => Path.Combine(Root, "supervisor.json");

    public string Ledger => Path.Combine(Root, "created.txt");

    /// <summary>Gets the folder that stands in for the hostPath <c>/var/lib/networkservicemesh</c>.</summary>
    public string Mesh => Path.Combine(Root, "mesh");

    public string NsmgrSocket => Path.Combine(Mesh, "nsm.io.sock");

    /// <summary>The nsmgr socket of node <paramref name="node"/>.</summary>
    public string NsmgrSocketOf(string node) => Path.Combine(NodeMesh(node), "nsm.io.sock");

    /// <summary>Gets the folder of the mesh's SPIFFE Workload API (the hostPath <c>/run/spire/sockets</c> and <c>csi.spiffe.io</c> volumes map here).</summary>
    public string Spire => Path.Combine(Root, "spire");

    /// <summary>Gets the socket of the mesh's Workload API (every container's <c>SPIFFE_ENDPOINT_SOCKET</c>), named as upstream's agent socket.</summary>
    public string WorkloadApiSocket => Path.Combine(Spire, "agent.sock");

    public string Logs => Path.Combine(Root, "logs");

    public string Pods => Path.Combine(Root, "pods");

    /// <summary>Gets the folder of the nodes after the first (<c>up --nodes N</c>); worker-1 keeps <see cref="Mesh"/>.</summary>
    public string Nodes => Path.Combine(Root, "nodes");

    /// <summary>The hostPath <c>/var/lib/networkservicemesh</c> of node <paramref name="node"/> (worker-1: <see cref="Mesh"/>).</summary>
    public string NodeMesh(string node) => node == "worker-1" ? Mesh : Path.Combine(Nodes, node, "mesh");

    public string PodDir(string ns, string name) => Path.Combine(Pods, ns + "_" + name);

    public string LogFile(string ns, string pod, string container) => Path.Combine(Logs, $"{ns}_{pod}_{container}.log");

    /// <summary>The stable socket a Service resolves to: a symlink to the socket of the pod it selects.</summary>
    public string ServiceSocket(string ns, string service) => Path.Combine(Mesh, $"svc.{ns}.{service}.sock");
}
