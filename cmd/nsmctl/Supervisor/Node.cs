using System.Net;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// A Kubernetes node on this machine. With one node (<c>worker-1</c>) it is the machine itself: its root network
/// namespace and the state folder's mesh folder. With <c>up --nodes N</c> each node is a network namespace on the node
/// network (<see cref="NodeNetwork"/>) with an address, its interface <see cref="Interface"/> and, in the root
/// namespace, the veth <see cref="HostLink"/> on the node network's bridge. Its labels steer nodeSelector and affinity.
/// </summary>
internal sealed class Node(string name, DateTimeOffset created)
{
    /// <summary>The node's interface on the node network, inside its namespace.</summary>
    public const string Interface = "eth0";

    public string Name { get; } = name;

    public DateTimeOffset Created { get; } = created;

    /// <summary>Gets the named network namespace of the node, or null when the node is the machine's root namespace.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Gets the node's address on the node network, or null for the single machine node.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Gets the prefix length of the node network.</summary>
    public int PrefixLength { get; init; }

    /// <summary>Gets the node's address on the site network between clusters (worker-1 with <c>--site-address</c>), or null.</summary>
    public SiteAddress? Site { get; init; }

    /// <summary>Gets the root-namespace end of the node's veth (on the bridge), or null.</summary>
    public string? HostLink { get; init; }

    /// <summary>Gets the folder that stands in for the node's hostPath <c>/var/lib/networkservicemesh</c>.</summary>
    public required string Mesh { get; init; }

    public string NsmgrSocket => Path.Combine(Mesh, "nsm.io.sock");

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = name,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = "amd64",
    };
}
