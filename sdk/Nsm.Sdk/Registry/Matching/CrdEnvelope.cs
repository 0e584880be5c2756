namespace Nsm.Sdk.Registry.Matching;

/// <summary>Recognises the Kubernetes object form (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>, <c>spec</c>).</summary>
internal static class CrdEnvelope
{
    public const string ApiVersion = "networkservicemesh.io/v1";

    public static (DocumentObject Spec, string? Name) Unwrap(DocumentObject root, string kind, ICollection<string>? warnings)
    {
        if (!root.Has("kind") && !root.Has("apiversion") && !root.Has("spec"))
        {
            return (root, null);
        }

        var actualKind = root.GetString("kind");
        if (actualKind is not null && !string.Equals(actualKind, kind, StringComparison.Ordinal))
        {
            throw root.Error("kind", $"expected '{kind}' but found '{actualKind}'");
        }

        var apiVersion = root.GetString("apiversion");
        if (apiVersion is not null && !apiVersion.StartsWith("networkservicemesh.io/", StringComparison.Ordinal))
        {
            warnings?.Add($"{root.Path}.apiVersion: unexpected '{apiVersion}'");
        }

        foreach (var unknown in root.UnknownKeys("kind", "apiversion", "metadata", "spec", "status"))
        {
            warnings?.Add($"{unknown}: ignored");
        }

        var name = root.GetObject("metadata")?.GetString("name");
        var spec = root.GetObject("spec") ?? new DocumentObject([], $"{root.Path}.spec");
        return (spec, name);
    }

    public static string ResolveName(string? metadataName, string specName, string path, ICollection<string>? warnings)
    {
        if (string.IsNullOrEmpty(metadataName))
        {
            return specName;
        }

        if (specName.Length != 0 && !string.Equals(specName, metadataName, StringComparison.Ordinal))
        {
            warnings?.Add($"{path}: spec.name '{specName}' differs from metadata.name '{metadataName}'; using metadata.name");
        }

        return metadataName;
    }
}
