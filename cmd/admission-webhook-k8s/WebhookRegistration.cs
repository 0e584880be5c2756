using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.AdmissionWebhookK8s.Kube;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>
/// Registers the webhook's MutatingWebhookConfiguration once the HTTPS server listens (so the API server never calls
/// a webhook that is not there yet), and deletes it when the program stops, before the server stops serving. One of
/// that name already there (a previous run that did not stop cleanly: its CA bundle is stale) is replaced.
/// Only in selfregister mode.
/// </summary>
internal sealed partial class WebhookRegistration(WebhookCmdOptions options, ServingCertificate certificate, KubeApiClient kube, TimeProvider clock, ILogger<WebhookRegistration> logger)
    : IHostedLifecycleService
{
    private bool _registered;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Mode != WebhookMode.SelfRegister)
        {
            return;
        }

        var configuration = WebhookConfiguration.For(options, certificate.CaBundlePem);
        try
        {
            await kube.CreateMutatingWebhookConfigurationAsync(configuration, cancellationToken);
            LogRegistered(logger, options.Name, "created");
        }
        catch (KubeApiException ex) when (ex.Code == 409)
        {
            var existing = await kube.GetMutatingWebhookConfigurationAsync(options.Name, cancellationToken);
            var replacement = configuration with { Metadata = configuration.Metadata with { ResourceVersion = existing?.Metadata.ResourceVersion } };
            await kube.ReplaceMutatingWebhookConfigurationAsync(replacement, cancellationToken);
            LogRegistered(logger, options.Name, "replaced a stale one");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegisterFailed(logger, options.Name, ex.Message);
            throw;
        }

        _registered = true;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!_registered)
        {
            return;
        }

        using var cleanup = new CancellationTokenSource(NsmHost.CleanupTimeout, clock);
        try
        {
            var deleted = await kube.DeleteMutatingWebhookConfigurationAsync(options.Name, cleanup.Token);
            LogUnregistered(logger, options.Name, deleted ? "deleted" : "already gone");
            _registered = false;
        }
        catch (Exception ex)
        {
            LogUnregisterFailed(logger, options.Name, ex.Message);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "MutatingWebhookConfiguration {Name} registered ({How})")]
    private static partial void LogRegistered(ILogger logger, string name, string how);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "registering MutatingWebhookConfiguration {Name} failed: {Error} (the service account needs create/get/update/delete on mutatingwebhookconfigurations)")]
    private static partial void LogRegisterFailed(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "MutatingWebhookConfiguration {Name} {How}")]
    private static partial void LogUnregistered(ILogger logger, string name, string how);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "deleting MutatingWebhookConfiguration {Name} failed: {Error}")]
    private static partial void LogUnregisterFailed(ILogger logger, string name, string error);
}
