namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>A kind nsmctl knows: its API group/version, its names on the command line and whether it is namespaced.</summary>
/// <param name="Kind">The kind as written in manifests (<c>Deployment</c>).</param>
/// <param name="ApiVersion">The apiVersion manifests give it (<c>apps/v1</c>).</param>
/// <param name="Plural">The plural (<c>deployments</c>), used in <c>kind.group/name</c> output.</param>
/// <param name="ShortNames">kubectl's short names (<c>deploy</c>).</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="Appliable">Whether <c>apply</c> takes it (nodes are built in).</param>
internal sealed record ResourceKind(string Kind, string ApiVersion, string Plural, string[] ShortNames, bool Namespaced, bool Appliable = true)
{
    public static readonly ResourceKind Namespace = new("Namespace", "v1", "namespaces", ["ns"], Namespaced: false);
    public static readonly ResourceKind Pod = new("Pod", "v1", "pods", ["po"], Namespaced: true);
    public static readonly ResourceKind Deployment = new("Deployment", "apps/v1", "deployments", ["deploy"], Namespaced: true);
    public static readonly ResourceKind DaemonSet = new("DaemonSet", "apps/v1", "daemonsets", ["ds"], Namespaced: true);
    public static readonly ResourceKind Service = new("Service", "v1", "services", ["svc"], Namespaced: true);
    public static readonly ResourceKind ConfigMap = new("ConfigMap", "v1", "configmaps", ["cm"], Namespaced: true);
    public static readonly ResourceKind NetworkService = new("NetworkService", "networkservicemesh.io/v1", "networkservices", ["netsvc"], Namespaced: true);
    public static readonly ResourceKind NetworkServiceEndpoint = new("NetworkServiceEndpoint", "networkservicemesh.io/v1", "networkserviceendpoints", ["nse"], Namespaced: true);
    public static readonly ResourceKind Node = new("Node", "v1", "nodes", ["no"], Namespaced: false, Appliable: false);

    public static IReadOnlyList<ResourceKind> All { get; } = [Namespace, Pod, Deployment, DaemonSet, Service, ConfigMap, NetworkService, NetworkServiceEndpoint, Node];

    /// <summary>Gets the API group (<c>apps</c>; empty for the core group).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>Gets how kubectl names an object of the kind in messages: <c>deployment.apps/nse-isolated</c>.</summary>
    public string Ref(string name) => Group.Length > 0 ? $"{Kind.ToLowerInvariant()}.{Group}/{name}" : $"{Kind.ToLowerInvariant()}/{name}";

    /// <summary>Finds a kind by manifest kind name.</summary>
    public static ResourceKind? FromKind(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    /// <summary>Finds a kind by a command-line name: plural, singular, short name, or <c>plural.group</c>.</summary>
    public static ResourceKind? Resolve(string name)
    {
        var lower = name.ToLowerInvariant();
        return All.FirstOrDefault(k =>
            k.Plural == lower || k.Kind.Equals(lower, StringComparison.OrdinalIgnoreCase) || k.ShortNames.Contains(lower) ||
            (k.Group.Length > 0 && (lower == k.Plural + "." + k.Group || lower == k.Kind.ToLowerInvariant() + "." + k.Group)));
    }
}
