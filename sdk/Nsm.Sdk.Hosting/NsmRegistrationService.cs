using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Keeps the host's registrations (<c>AddRegistration</c>, <c>AddForwarder</c>): registers each once the server
/// listens, retrying until it succeeds (one line per failure); the registry clients refresh it from then on; at stop,
/// before the server stops serving, withdraws it within 1 s (unless configured to let it expire).
/// </summary>
internal sealed partial class NsmRegistrationService(IEnumerable<INsmRegistrar> registrars, TimeProvider clock, ILoggerFactory loggerFactory)
    : IHostedLifecycleService, IDisposable
{
    /// <summary>The budget of one unregistration at stop.</summary>
    internal static readonly TimeSpan UnregisterTimeout = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Hosting.Registration");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(INsmRegistrar Registrar, Task<RegisterOutcome> Loop)> _loops = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var registrar in registrars)
        {
            _loops.Add((registrar, Task.Run(() => RegisterLoopAsync(registrar, _stop.Token), CancellationToken.None)));
        }

        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops.Select(l => UnregisterAsync(l.Registrar, l.Loop, cancellationToken))).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stop.Dispose();

    private async Task<RegisterOutcome> RegisterLoopAsync(INsmRegistrar registrar, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var registered = await registrar.RegisterAsync(stop).ConfigureAwait(false);
                LogRegistered(_logger, registered.Name, registered.NetworkServiceNames, registrar.RegistryUrl);
                return new RegisterOutcome(registered, Attempted: true);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                LogRegisterFailed(_logger, registrar.RegistryUrl, ex.Message);
                await Task.Delay(registrar.RetryDelay, clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The registry may have stored this Register before the stop cut the call: withdraw it all the same.
                return new RegisterOutcome(null, Attempted: true);
            }
        }

        return new RegisterOutcome(null, Attempted: false);
    }

    private async Task UnregisterAsync(INsmRegistrar registrar, Task<RegisterOutcome> loop, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await loop.ConfigureAwait(false);
            if (outcome.Attempted && registrar.UnregisterOnStop)
            {
                var registered = outcome.Registered;
                using var timeout = new CancellationTokenSource(UnregisterTimeout, clock);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                try
                {
                    await registrar.UnregisterAsync(registered, linked.Token).ConfigureAwait(false);
                    LogUnregistered(_logger, registered?.Name ?? "the endpoint");
                }
                catch (Exception ex)
                {
                    LogUnregisterFailed(_logger, registered?.Name ?? "the endpoint", ex.Message);
                }
            }
        }
        finally
        {
            await registrar.CloseAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "registered {Name} for {Services} through {Registry}")]
    private static partial void LogRegistered(ILogger logger, string name, IEnumerable<string> services, Uri registry);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "registering through {Registry} failed, retrying: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, Uri registry, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "unregistered {Name}")]
    private static partial void LogUnregistered(ILogger logger, string name);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "unregistering {Name} failed: {Error}")]
    private static partial void LogUnregisterFailed(ILogger logger, string name, string error);

    private readonly record struct RegisterOutcome(NetworkServiceEndpoint? Registered, bool Attempted);
}
