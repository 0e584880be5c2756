using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>apply and delete.</summary>
internal sealed partial class MeshSupervisor
{
    /// <summary>Validates every document, then applies them all; returns kubectl's lines (<c>pod/client created</c>).</summary>
    public async Task<(List<string> Lines, List<string> Warnings)> ApplyAsync(IReadOnlyList<ManifestDocument> documents, string? defaultNamespace, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await ApplyLockedAsync(documents, defaultNamespace, builtIn: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(List<string> Lines, List<string> Warnings)> ApplyLockedAsync(IReadOnlyList<ManifestDocument> documents, string? defaultNamespace, bool builtIn, CancellationToken ct)
    {
        var (errors, warningIssues) = ManifestValidator.Validate(documents, defaultNamespace);
        var batchNamespaces = documents.Where(d => d.Kind == "Namespace").Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            if (ResourceKind.FromKind(d.Kind) is not { Appliable: true, Namespaced: true })
            {
                continue;
            }

            if (defaultNamespace is not null && d.Namespace is { } written && written != defaultNamespace)
            {
                errors.Add(new ManifestIssue(d.Index, d.Kind, d.Name, "metadata.namespace", $"the namespace from the provided object \"{written}\" does not match the namespace \"{defaultNamespace}\"; you must pass '--namespace={written}' to perform this operation"));
                continue;
            }

            var ns = d.Namespace ?? defaultNamespace ?? "default";
            if (Store.Get(ResourceKind.Namespace, "", ns) is null && !batchNamespaces.Contains(ns))
            {
                errors.Add(new ManifestIssue(d.Index, d.Kind, d.Name, "metadata.namespace", $"namespaces \"{ns}\" not found"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ManifestException(string.Join("\n", errors.Select(e => "error: " + e)));
        }

        var lines = new List<string>();
        var warnings = warningIssues.Select(w => w.ToString()).ToList();
        var now = _time.GetUtcNow();
        foreach (var d in documents.OrderBy(d => d.Kind == "Namespace" ? 0 : 1).ThenBy(d => d.Index))
        {
            if (ResourceKind.FromKind(d.Kind) is not { Appliable: true } kind)
            {
                continue;
            }

            var manifest = Json.Clone(d.Body);
            var meta = Json.Obj(manifest, "metadata");
            var ns = kind.Namespaced ? d.Namespace ?? defaultNamespace ?? "default" : "";
            if (kind.Namespaced)
            {
                meta["namespace"] = ns;
            }

            manifest.Remove("status");
            string verb;
            if (kind == ResourceKind.Pod)
            {
                verb = await ApplyPodLockedAsync(manifest, ns, d.Name, ct);
            }
            else
            {
                var existing = Store.Get(kind, ns, d.Name);
                if (existing is not null && JsonNode.DeepEquals(existing.Manifest, manifest))
                {
                    verb = "unchanged";
                }
                else if (existing is not null)
                {
                    existing.Manifest = manifest;
                    existing.Generation++;
                    verb = "configured";
                }
                else
                {
                    Store.Put(new StoredObject(kind, ns, d.Name, manifest, now) { BuiltIn = builtIn });
                    verb = "created";
                }

                if (!builtIn && ns == ControlPlane.Namespace && verb != "unchanged")
                {
                    ReplaceBuiltInsLocked(kind, d.Name, manifest, lines);
                }

                if (kind == ResourceKind.ConfigMap && verb != "unchanged")
                {
                    await ConfigMapChangedLockedAsync(ns, d.Name, warnings);
                }
            }

            lines.Add($"{kind.Ref(d.Name)} {verb}");
        }

        await ReconcileLockedAsync(ct);
        return (lines, warnings);
    }

    private async Task<string> ApplyPodLockedAsync(JsonObject manifest, string ns, string name, CancellationToken ct)
    {
        if (Pods.Get(ns, name) is { } existing)
        {
            var before = Json.Clone(existing.Manifest);
            if (manifest["spec"]?["nodeName"] is null)
            {
                before["spec"]?.AsObject().Remove("nodeName");
            }

            if (JsonNode.DeepEquals(before, manifest))
            {
                return "unchanged";
            }

            await Pods.DeleteAsync(existing);
            await CreatePodLockedAsync(manifest, ct);
            return "configured";
        }

        await CreatePodLockedAsync(manifest, ct);
        return "created";
    }

    /// <summary>A control-plane workload applied into nsm-system replaces the built-in workload of the same program.</summary>
    private void ReplaceBuiltInsLocked(ResourceKind kind, string name, JsonObject manifest, List<string> lines)
    {
        if (kind != ResourceKind.Deployment && kind != ResourceKind.DaemonSet)
        {
            return;
        }

        var roles = Roles(manifest);
        foreach (var builtIn in Store.List(ResourceKind.Deployment, ControlPlane.Namespace).Concat(Store.List(ResourceKind.DaemonSet, ControlPlane.Namespace))
                     .Where(o => o.BuiltIn && !(o.Kind == kind && o.Name == name) && Roles(o.Manifest).Overlaps(roles)).ToList())
        {
            Store.Remove(builtIn.Kind, builtIn.Namespace, builtIn.Name);
            lines.Add($"{builtIn.Kind.Ref(builtIn.Name)} replaced (built-in)");
        }

        static HashSet<ProgramRole> Roles(JsonObject workload) =>
            Json.Objects(workload["spec"]?["template"]?["spec"]?["containers"])
                .Select(c => ProgramCatalog.Find(Json.String(c["image"]) ?? "").Program)
                .OfType<ProgramRole>()
                .Where(r => r == ProgramRole.Registry || r == ProgramRole.Nsmgr || r.IsForwarder)
                .ToHashSet();
    }

    /// <summary>Deletes objects (a Namespace takes everything in it); returns kubectl's lines and the not-found errors.</summary>
    public async Task<(List<string> Lines, List<string> Errors)> DeleteAsync(IReadOnlyList<(ResourceKind Kind, string Ns, string Name)> targets, bool ignoreNotFound, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var lines = new List<string>();
            var errors = new List<string>();
            foreach (var (kind, ns, name) in targets)
            {
                if (await DeleteLockedAsync(kind, ns, name))
                {
                    lines.Add($"{kind.Kind.ToLowerInvariant()}{(kind.Group.Length > 0 ? "." + kind.Group : "")} \"{name}\" deleted");
                }
                else if (!ignoreNotFound)
                {
                    errors.Add($"Error from server (NotFound): {kind.Plural}{(kind.Group.Length > 0 ? "." + kind.Group : "")} \"{name}\" not found");
                }
            }

            await ReconcileLockedAsync(ct);
            return (lines, errors);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> DeleteLockedAsync(ResourceKind kind, string ns, string name)
    {
        if (kind == ResourceKind.Pod)
        {
            if (Pods.Get(ns, name) is not { } pod)
            {
                return false;
            }

            await Pods.DeleteAsync(pod);
            return true;
        }

        if (!Store.Remove(kind, ns, name))
        {
            return false;
        }

        if (kind == ResourceKind.ConfigMap && NsmConfig.Applies(ns, name))
        {
            Pods.SyncVolumes(ns, name, EnvContext().ConfigMap);
            await SiteConfigChangedLockedAsync(null, []);
        }

        if (kind == ResourceKind.Namespace)
        {
            foreach (var pod in Pods.Pods.Where(p => p.Namespace == name).ToList())
            {
                await Pods.DeleteAsync(pod);
            }

            foreach (var o in Store.InNamespace(name))
            {
                Store.Remove(o.Kind, o.Namespace, o.Name);
            }
        }

        return true;
    }
}
