using System.Net;

namespace Nsm.Cmd.RegistryK8s.Kubernetes;

/// <summary>A Kubernetes API call failed: the HTTP status and the <c>Status</c> object's reason and message.</summary>
/// <param name="statusCode">The HTTP status (or the <c>code</c> of a watch <c>ERROR</c> event).</param>
/// <param name="reason">The <c>Status</c> reason (<c>AlreadyExists</c>, <c>Conflict</c>, <c>NotFound</c>, <c>Expired</c>, <c>Invalid</c>…), empty when none was sent.</param>
/// <param name="message">What went wrong.</param>
internal sealed class KubernetesApiException(HttpStatusCode statusCode, string reason, string message)
    : Exception(message)
{
    /// <summary>Gets the HTTP status.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Gets the <c>Status</c> reason.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets whether the object already exists (create: 409 AlreadyExists).</summary>
    public bool IsAlreadyExists => StatusCode == HttpStatusCode.Conflict && Reason == "AlreadyExists";

    /// <summary>Gets whether a resourceVersion or precondition did not match (409 Conflict).</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict && Reason != "AlreadyExists";

    /// <summary>Gets whether the object does not exist (404).</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>Gets whether a watch asked for a resourceVersion the server no longer has (410 Gone / Expired).</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;
}
