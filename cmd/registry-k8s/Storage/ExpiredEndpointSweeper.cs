using Microsoft.Extensions.Logging;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Common.Timers;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// Deletes NSE objects whose <c>expiration_time</c> has passed, whoever wrote them (a replica that died cannot
/// unregister its NSEs): every replica arms a timer per object it sees, and at that time deletes exactly the version it
/// saw (a precondition), so a refresh written meanwhile — which re-arms the timer here too — is never deleted, and of
/// several replicas only one deletion succeeds.
/// </summary>
internal sealed class ExpiredEndpointSweeper : IDisposable
{
    private readonly CustomResourceClient _api;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;
    private readonly KeyedTimers<string> _timers;

    /// <summary>Initializes the sweeper.</summary>
    /// <param name="api">The NSE API.</param>
    /// <param name="clock">The clock of the timers.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">Stops deletions.</param>
    public ExpiredEndpointSweeper(CustomResourceClient api, TimeProvider clock, ILogger logger, CancellationToken lifetime)
    {
        _api = api;
        _clock = clock;
        _logger = logger;
        _lifetime = lifetime;
        _timers = new KeyedTimers<string>(clock, StringComparer.Ordinal);
    }

    /// <summary>Gets the number of armed timers.</summary>
    public int Count => _timers.Count;

    /// <summary>Arms (or re-arms) the timer of an object.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="version">The version seen.</param>
    /// <param name="expiresAt">Its expiration_time.</param>
    public void Schedule(string name, string version, DateTimeOffset expiresAt)
    {
        var due = expiresAt - _clock.GetUtcNow();
        _timers.Schedule(name, due > TimeSpan.Zero ? due : TimeSpan.Zero, () => _ = DeleteAsync(name, version, expiresAt));
    }

    /// <summary>Disarms the timer of an object (deleted, or no expiration_time any more).</summary>
    /// <param name="name">The object's name.</param>
    public void Cancel(string name) => _timers.Cancel(name);

    /// <summary>Disarms every timer.</summary>
    public void Dispose() => _timers.Dispose();

    private async Task DeleteAsync(string name, string version, DateTimeOffset expiresAt)
    {
        try
        {
            RegistryK8sLog.DeletingExpired(_logger, name, expiresAt, version);
            await _api.DeleteAsync(name, version, _lifetime).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound || ex.IsConflict)
        {
            RegistryK8sLog.DeleteSkipped(_logger, _api.Plural, name, version, ex.Reason);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException)
        {
            RegistryK8sLog.DeleteExpiredFailed(_logger, name, ex);
        }
    }
}
