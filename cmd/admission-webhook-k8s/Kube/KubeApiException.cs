namespace Nsm.Cmd.AdmissionWebhookK8s.Kube;

/// <summary>An error answer of the Kubernetes API: its HTTP code and its Status object's reason and message.</summary>
internal sealed class KubeApiException(int code, string reason, string message)
    : Exception($"Kubernetes API: {code} {reason}: {message}")
{
    /// <summary>Gets the HTTP status code (404, 409 …).</summary>
    public int Code { get; } = code;

    /// <summary>Gets the Status reason (NotFound, AlreadyExists, Conflict, Forbidden …).</summary>
    public string Reason { get; } = reason;
}
