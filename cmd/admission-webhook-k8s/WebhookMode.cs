namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>How the webhook gets its serving certificate and its MutatingWebhookConfiguration (upstream's <c>NSM_WEBHOOK_MODE</c>).</summary>
internal enum WebhookMode
{
    /// <summary>
    /// A self-signed certificate made at start (or <c>NSM_CERT_FILE_PATH</c>/<c>NSM_KEY_FILE_PATH</c> when given), and
    /// the MutatingWebhookConfiguration registered at start and removed at stop. Our default.
    /// </summary>
    SelfRegister,

    /// <summary>
    /// The certificate from <c>NSM_CERT_FILE_PATH</c>/<c>NSM_KEY_FILE_PATH</c> (written by a SPIFFE helper), and a
    /// MutatingWebhookConfiguration applied by someone else. Upstream's default.
    /// </summary>
    Spire,
}
