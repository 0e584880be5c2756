using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>An applied object (Deployment, Service, ConfigMap, NetworkService…) as the supervisor keeps it.</summary>
internal sealed class StoredObject(ResourceKind kind, string ns, string name, JsonObject manifest, DateTimeOffset created)
{
    public ResourceKind Kind { get; } = kind;

    /// <summary>Gets the namespace ("" for cluster-scoped kinds).</summary>
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public JsonObject Manifest { get; set; } = manifest;

    public DateTimeOffset Created { get; } = created;

    public long Generation { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether nsmctl made it itself (the built-in control plane, default namespaces).</summary>
    public bool BuiltIn { get; init; }

    public IReadOnlyDictionary<string, string> Labels => Json.Map(Manifest["metadata"]?["labels"]);
}
