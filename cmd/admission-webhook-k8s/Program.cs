using Microsoft.Extensions.Logging;
using Nsm.Cmd.AdmissionWebhookK8s;
using Nsm.Cmd.AdmissionWebhookK8s.Kube;
using Nsm.Sdk.Hosting;

// A mutating admission webhook: gives annotated pods (or pods of annotated namespaces) the nsc-init container, the
// nsc container, the NSM and SPIRE socket volumes and NSM_NETWORK_SERVICES; registers itself at start (selfregister).
return await NsmProgram.RunAsync("nsm-admission-webhook-k8s", async () =>
{
    var env = new NsmEnvironment();
    var options = WebhookCmdOptions.FromEnvironment(env);
    using var certificate = options.CertFilePath is { } certFile
        ? ServingCertificate.FromFiles(certFile, options.KeyFilePath!, options.CaBundleFilePath)
        : ServingCertificate.SelfSigned(options.ServiceName, options.Namespace, TimeProvider.System);
    using var kube = KubeApiClient.InCluster(env);
    await using var app = WebhookHost.Build(args, env, options, certificate, kube);
    if (app.Logger.IsEnabled(LogLevel.Information))
    {
        app.Logger.LogInformation("nsm-admission-webhook-k8s: {Options}", options.ToString());
    }

    await app.RunAsync();
});
