using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>get, label, pod lookup and down.</summary>
internal sealed partial class MeshSupervisor
{
    /// <summary>The objects of a kind as kubectl shows them (namespace null = all namespaces).</summary>
    public async Task<List<JsonObject>> GetAsync(ResourceKind kind, string? ns, string? name, LabelSelector selector, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var pods = Pods.Pods.ToList();
            var tunnel = kind == ResourceKind.ConfigMap ? await Site.DescribeAsync(ct) : Site.State;
            IEnumerable<JsonObject> items;
            if (kind == ResourceKind.Pod)
            {
                items = pods.Where(p => (ns is null || p.Namespace == ns) && (name is null || p.Name == name) && p.Matches(selector)).Select(ObjectPresenter.Pod);
            }
            else if (kind == ResourceKind.Node)
            {
                items = Nodes.Select(NodeObject);
            }
            else
            {
                items = Store.List(kind, kind.Namespaced ? ns : null)
                    .Where(o => (name is null || o.Name == name) && selector.Matches(o.Labels))
                    .Select(o => ObjectPresenter.Object(o, pods, tunnel));
            }

            return items.Where(o => name is null || Json.String(o["metadata"]?["name"]) == name).Where(o => kind != ResourceKind.Node || selector.Matches(Json.Map(o["metadata"]?["labels"]))).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A node as kubectl shows it; on a node network also its InternalIP and, as annotations, its network namespace
    /// (<c>nsmctl.io/netns</c>), its interface there (<c>nsmctl.io/interface</c>) and the root end of its veth on the
    /// bridge (<c>nsmctl.io/host-link</c>: <c>ip link set … down</c> cuts the node off the node network).
    /// </summary>
    private JsonObject NodeObject(Node node)
    {
        var metadata = new JsonObject { ["name"] = node.Name, ["labels"] = Json.MapToObject(node.Labels), ["creationTimestamp"] = ObjectPresenter.Time(node.Created) };
        if (node.Address is not null)
        {
            metadata["annotations"] = new JsonObject
            {
                ["nsmctl.io/netns"] = node.NetworkNamespace,
                ["nsmctl.io/interface"] = Node.Interface,
                ["nsmctl.io/host-link"] = node.HostLink,
                ["nsmctl.io/bridge"] = NodeNetwork.BridgeName(Id),
                ["nsmctl.io/node-network"] = NodeOptions.Range,
            };
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = metadata,
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = node.Address?.ToString() ?? "127.0.0.1" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "nsmctl" },
                ["mesh"] = node.Mesh,
            },
        };
    }

    /// <summary>Sets (<c>k=v</c>) or removes (<c>k-</c>) node labels; DaemonSets follow at once.</summary>
    public async Task<string> LabelNodeAsync(string name, IReadOnlyList<string> changes, bool overwrite, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var node = Nodes.FirstOrDefault(n => n.Name == name) ?? throw new ManifestException($"Error from server (NotFound): nodes \"{name}\" not found");

            foreach (var change in changes)
            {
                if (change.EndsWith('-'))
                {
                    node.Labels.Remove(change[..^1]);
                    continue;
                }

                var cut = change.IndexOf('=', StringComparison.Ordinal);
                if (cut <= 0)
                {
                    throw new ManifestException($"error: invalid label spec: {change}");
                }

                var (k, v) = (change[..cut], change[(cut + 1)..]);
                if (node.Labels.TryGetValue(k, out var old) && old != v && !overwrite)
                {
                    throw new ManifestException($"error: 'node/{name}' already has a value ({old}) for the label '{k}', and --overwrite is false");
                }

                node.Labels[k] = v;
            }

            await ReconcileLockedAsync(ct);
            return $"node/{name} labeled";
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finds a pod by <c>NAME</c>, <c>pod/NAME</c>, <c>deployments/NAME</c> or <c>daemonsets/NAME</c> (a ready pod first).</summary>
    public async Task<JsonObject?> FindPodAsync(string ns, string target, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var kind = slash > 0 ? ResourceKind.Resolve(target[..slash]) : ResourceKind.Pod;
            var name = slash > 0 ? target[(slash + 1)..] : target;
            var pod = kind == ResourceKind.Pod
                ? Pods.Get(ns, name)
                : Pods.Pods.Where(p => p.Namespace == ns && kind is not null && p.Owner == (kind.Kind, name) && !p.Deleting).OrderByDescending(p => p.Ready).FirstOrDefault();
            return pod is null ? null : ObjectPresenter.Pod(pod);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes every pod (the users' first, then nsm-system's forwarder, nsmgr, registry), namespace and file this supervisor made.</summary>
    public async Task DownAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await _gate.WaitAsync();
        try
        {
            int Order(PodInstance p) => p.Namespace != ControlPlane.Namespace ? 0
                : p.Containers.Any(c => c.Program?.IsForwarder == true) ? 1
                : p.Containers.Any(c => c.Program == ProgramRole.Nsmgr) ? 2 : 3;
            await Site.DisposeAsync();
            foreach (var group in Pods.Pods.GroupBy(Order).OrderBy(g => g.Key).ToList())
            {
                await Task.WhenAll(group.Select(Pods.DeleteAsync));
            }

            await StopWorkloadApiAsync();
            await CleanupAsync(Layout);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes what the ledger lists and the state files; used by <c>down</c>, also when the supervisor is gone.</summary>
    public static async Task CleanupAsync(StateLayout layout)
    {
        if (!Directory.Exists(layout.Root))
        {
            return;
        }

        var ledger = Ledger.Read(layout.Ledger);
        foreach (var (kind, value) in ledger)
        {
            if (kind == ManagedProcess.LedgerKind && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                ManagedProcess.KillLeftover(pid, layout.Root);
            }
        }

        foreach (var (kind, value) in ledger)
        {
            if (kind == NetworkNamespaces.LedgerKind)
            {
                await NetworkNamespaces.DeleteByNameAsync(value);
            }
        }

        // The veths went with their node namespaces; what is left of them and the bridge goes now (the bridge last).
        foreach (var (kind, value) in ledger.AsEnumerable().Reverse())
        {
            if (kind == NodeNetwork.LinkLedgerKind)
            {
                await NodeNetwork.DeleteLinkAsync(value);
            }

            if (kind == NodeNetwork.SiteBridgeLedgerKind)
            {
                await NodeNetwork.DeleteSiteBridgeAsync(value);
            }
        }

        foreach (var dir in new[] { layout.Mesh, layout.Nodes, layout.Pods, layout.Logs, layout.Spire })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        foreach (var file in new[] { layout.Ledger, layout.InfoFile, layout.Socket, layout.SupervisorLog })
        {
            File.Delete(file);
        }

        if (Directory.Exists(layout.Root) && !Directory.EnumerateFileSystemEntries(layout.Root).Any())
        {
            Directory.Delete(layout.Root);
        }
    }
}
