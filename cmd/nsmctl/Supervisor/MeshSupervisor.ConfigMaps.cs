namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>What an applied ConfigMap changes besides env read at container start.</summary>
internal sealed partial class MeshSupervisor
{
    /// <summary>
    /// A ConfigMap was created or changed: its volumes' files are written again; the guide's
    /// <c>nsm-forwarder-config</c> restarts the forwarders (they read the MTU at start); the guide's <c>nsm-config</c>
    /// reaches the nsmgrs through their volume (registry.url) and sets up the site tunnel.
    /// </summary>
    private async Task ConfigMapChangedLockedAsync(string ns, string name, List<string> warnings)
    {
        var lookup = EnvContext().ConfigMap;
        Pods.SyncVolumes(ns, name, lookup);
        if (ns != ControlPlane.Namespace)
        {
            return;
        }

        if (name == ForwarderConfig.Name)
        {
            // The forwarders read it at start: their DaemonSet makes new pods with the new MTU.
            foreach (var pod in Pods.Pods.Where(p => p.Containers.Any(c => c.Program?.IsForwarder == true)).ToList())
            {
                await Pods.DeleteAsync(pod);
            }
        }
        else if (NsmConfig.Applies(ns, name))
        {
            await SiteConfigChangedLockedAsync(lookup(ns, name) is { } data ? NsmConfig.Read(data) : null, warnings);
        }
    }

    /// <summary>The guide's nsm-config was applied, changed or deleted: the site tunnel follows it.</summary>
    private async Task SiteConfigChangedLockedAsync(NsmConfig.Settings? settings, List<string> warnings)
    {
        if (await Site.ApplyAsync(Nodes, settings, _stopping.Token) is { } line)
        {
            _log("WARN " + line);
            warnings.Add(line);
        }
    }
}
