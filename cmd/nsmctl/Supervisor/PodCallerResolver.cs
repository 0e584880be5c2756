using System.Collections.Concurrent;
using System.Globalization;
using Nsm.Sdk.Core.FdPassing;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The mesh's workload attestation (SPIRE's k8s attestor on one machine): a Workload API caller, known by its
/// <c>SO_PEERCRED</c> pid, is the pod of the container process it is or descends from (<c>/proc/&lt;pid&gt;/status</c>
/// PPid, walked up); failing that, the pod whose own network namespace it runs in (what <c>nsmctl exec</c> starts, as
/// <c>kubectl exec</c> runs in the container). It gets <c>spiffe://&lt;trust-domain&gt;/ns/&lt;ns&gt;/pod/&lt;name&gt;</c>;
/// any other caller gets no identity (PermissionDenied, SPIRE's "no identity issued").
/// </summary>
internal sealed class PodCallerResolver(string procRoot = "/proc", Action<string>? log = null) : ICallerResolver
{
    /// <summary>How far up the process tree a caller is followed.</summary>
    private const int MaxDepth = 64;

    private readonly ConcurrentDictionary<int, PodRef> _containers = new();
    private readonly ConcurrentDictionary<FdInode, PodRef> _namespaces = new();

    /// <summary>A pod by namespace and name.</summary>
    internal sealed record PodRef(string Namespace, string Name);

    /// <summary>The SPIFFE ID of a pod in <paramref name="trustDomain"/>.</summary>
    public static string IdOf(string trustDomain, string ns, string pod) => $"spiffe://{trustDomain}/ns/{ns}/pod/{pod}";

    /// <summary>Records a container process the supervisor started (each start, restarts included), or forgets it once it exited (null: its pid may be reused).</summary>
    public void SetContainer(int pid, PodRef? pod)
    {
        if (pod is null)
        {
            _containers.TryRemove(pid, out _);
        }
        else
        {
            _containers[pid] = pod;
        }
    }

    /// <summary>Records a pod's own network namespace (none for hostNetwork pods: their node's is shared).</summary>
    /// <param name="netnsPath">The namespace's bind mount (<c>/run/netns/NAME</c>).</param>
    public void AddNamespace(string netnsPath, PodRef pod)
    {
        if (NamespaceId(netnsPath) is { } id)
        {
            _namespaces[id] = pod;
        }
    }

    /// <summary>Forgets a pod's network namespace before it is deleted.</summary>
    public void RemoveNamespace(string netnsPath)
    {
        if (NamespaceId(netnsPath) is { } id)
        {
            _namespaces.TryRemove(id, out _);
        }
    }

    /// <summary>The pod a process belongs to, or null.</summary>
    public PodRef? Find(int pid)
    {
        for (var (current, depth) = (pid, 0); current > 1 && depth < MaxDepth; depth++)
        {
            if (_containers.TryGetValue(current, out var pod))
            {
                return pod;
            }

            if (ParentOf(current) is not { } parent || parent == Environment.ProcessId)
            {
                break; // gone, or a process of the supervisor's own (its tools are nobody's)
            }

            current = parent;
        }

        return NamespaceId(Path.Combine(procRoot, Pid(pid), "ns", "net")) is { } netns && _namespaces.TryGetValue(netns, out var inNamespace) ? inNamespace : null;
    }

    /// <inheritdoc />
    public SpiffeId? Resolve(UnixPeerCredentials caller, string trustDomain)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Find(caller.Pid) is not { } pod)
        {
            log?.Invoke($"workload api: no identity for pid {caller.Pid} (not a process of a pod)");
            return null;
        }

        return SpiffeId.TryParse(IdOf(trustDomain, pod.Namespace, pod.Name), out var id) ? id : null;
    }

    private int? ParentOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(procRoot, Pid(pid), "status")))
            {
                if (line.StartsWith("PPid:", StringComparison.Ordinal))
                {
                    return int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>A network namespace's identity: the device and inode of the nsfs file a link or bind mount resolves to.</summary>
    private static FdInode? NamespaceId(string path) => FdInode.TryOfPath(path, out var inode) ? inode : null;

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
