using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Services on one machine: a Service name in a URL resolves to a stable socket path
/// (<see cref="StateLayout.ServiceSocket"/>), a symlink kept pointing at the socket of a pod the Service selects, so a
/// replaced registry pod is found again under the same address.
/// </summary>
internal sealed class ServiceRouter(StateLayout layout, ObjectStore store)
{
    /// <summary>Finds the Service a URL host names (<c>registry</c>, <c>registry.nsm-system</c>, <c>….svc.cluster.local</c>) from namespace <paramref name="ns"/>.</summary>
    public string? Resolve(string host, string ns)
    {
        var parts = host.Split('.');
        var name = parts[0];
        var serviceNs = parts.Length > 1 && parts[1] != "svc" ? parts[1] : ns;
        return store.Get(ResourceKind.Service, serviceNs, name) is not null ? layout.ServiceSocket(serviceNs, name) : null;
    }

    /// <summary>Points every Service's socket at a ready (else running) pod it selects.</summary>
    public void Update(IEnumerable<PodInstance> pods)
    {
        var all = pods.Where(p => !p.Deleting).ToList();
        foreach (var svc in store.List(ResourceKind.Service))
        {
            var selectorMap = Json.Map(svc.Manifest["spec"]?["selector"]);
            if (selectorMap.Count == 0)
            {
                continue;
            }

            var selector = LabelSelector.FromMap(selectorMap);
            var target = all.Where(p => p.Namespace == svc.Namespace && p.Matches(selector))
                .OrderByDescending(p => p.Ready)
                .SelectMany(p => p.Containers)
                .FirstOrDefault(c => c.ListenSocket is not null)?.ListenSocket;
            var link = layout.ServiceSocket(svc.Namespace, svc.Name);
            var info = new FileInfo(link);
            if (target is null || info.LinkTarget == target)
            {
                continue;
            }

            var tmp = link + ".tmp";
            File.Delete(tmp);
            File.CreateSymbolicLink(tmp, target);
            File.Move(tmp, link, overwrite: true);
        }
    }
}
