using System.Text.Json.Nodes;

namespace Nsm.Cmd.RegistryK8s.Kubernetes;

/// <summary>One event of a Kubernetes watch stream.</summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> or <c>ERROR</c>.</param>
/// <param name="Object">The object (a <c>Status</c> for <c>ERROR</c>).</param>
internal sealed record WatchEvent(string Type, JsonObject Object)
{
    /// <summary>The added type.</summary>
    public const string Added = "ADDED";

    /// <summary>The modified type.</summary>
    public const string Modified = "MODIFIED";

    /// <summary>The deleted type.</summary>
    public const string Deleted = "DELETED";

    /// <summary>The bookmark type (only metadata.resourceVersion is meaningful).</summary>
    public const string Bookmark = "BOOKMARK";

    /// <summary>The error type (the object is a <c>Status</c>).</summary>
    public const string Error = "ERROR";
}
