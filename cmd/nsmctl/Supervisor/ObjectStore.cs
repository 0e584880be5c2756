using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>The applied objects by kind, namespace and name (pods live in <see cref="PodRuntime"/>).</summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<(string Kind, string Ns, string Name), StoredObject> _objects = [];

    public StoredObject? Get(ResourceKind kind, string ns, string name) =>
        _objects.GetValueOrDefault((kind.Kind, kind.Namespaced ? ns : "", name));

    public void Put(StoredObject o) => _objects[(o.Kind.Kind, o.Namespace, o.Name)] = o;

    public bool Remove(ResourceKind kind, string ns, string name) => _objects.Remove((kind.Kind, kind.Namespaced ? ns : "", name));

    public IEnumerable<StoredObject> List(ResourceKind kind, string? ns = null) =>
        _objects.Values.Where(o => o.Kind == kind && (ns is null || o.Namespace == ns)).OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal);

    public IEnumerable<StoredObject> InNamespace(string ns) => _objects.Values.Where(o => o.Namespace == ns).ToList();
}
