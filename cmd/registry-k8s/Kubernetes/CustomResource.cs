using System.Text.Json.Nodes;

namespace Nsm.Cmd.RegistryK8s.Kubernetes;

/// <summary>One custom resource as the API returned it: its name, its resourceVersion and the whole object.</summary>
/// <param name="Name">metadata.name.</param>
/// <param name="ResourceVersion">metadata.resourceVersion (opaque; compared as a number when it is one).</param>
/// <param name="Object">The object (apiVersion, kind, metadata, spec).</param>
internal sealed record CustomResource(string Name, string ResourceVersion, JsonObject Object)
{
    /// <summary>Reads name and resourceVersion from an object's metadata.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="FormatException">The object has no metadata.name.</exception>
    public static CustomResource From(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj["metadata"] as JsonObject;
        var name = metadata?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            throw new FormatException("a Kubernetes object without metadata.name");
        }

        return new CustomResource(name, metadata?["resourceVersion"]?.GetValue<string>() ?? string.Empty, obj);
    }

    /// <summary>Gets the spec (an empty object when there is none).</summary>
    public JsonObject Spec => Object["spec"] as JsonObject ?? [];

    /// <summary>Orders two resourceVersions: numerically when both are numbers, else the second is taken as newer.</summary>
    /// <param name="version">A version.</param>
    /// <param name="than">The version compared with.</param>
    /// <returns>Whether <paramref name="version"/> is newer than <paramref name="than"/>.</returns>
    public static bool IsNewer(string version, string? than) =>
        than is null || !long.TryParse(version, out var a) || !long.TryParse(than, out var b) || a > b;
}
