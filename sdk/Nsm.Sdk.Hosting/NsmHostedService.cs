using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The host's NSM service (added once by <c>services.AddNsm()</c>): builds the served chains at start, logs the start
/// line once the server listens, and orders the stop.
/// </summary>
/// <remarks>
/// Stop, within <see cref="NsmHost.ShutdownTimeout"/>: registrations are withdrawn first (their own stopping step,
/// which runs before this one), then the server gets <see cref="NsmHost.ServerStopGrace"/> before the calls still open
/// on it are cut; once every hosted service has stopped (an NSC's closes included), the components end (the build
/// context's lifetime) and the unix socket files go.
/// </remarks>
internal sealed partial class NsmHostedService(IServiceProvider services, NsmHostOptions options, NsmHostLifetime lifetime, TimeProvider clock, ILoggerFactory loggerFactory)
    : IHostedLifecycleService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Hosting");
    private long _stopping;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Configuration is { } configuration)
        {
            LogConfiguration(_logger, options.Name, configuration);
        }

        // Build the chains now, so a bad composition stops the program at start, not at its first call.
        _ = services.GetService<NsmServerChains>();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.ListenOn.Count > 0)
        {
            LogServing(_logger, options.Name, options.ListenOn);
        }
        else
        {
            LogStarted(_logger, options.Name);
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = clock.GetTimestamp();
        LogStopping(_logger, options.Name);
        lifetime.CutServerAfter(NsmHost.ServerStopGrace, clock);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await lifetime.EndComponentsAsync().ConfigureAwait(false);
        foreach (var url in options.ListenOn.Where(NsmUrl.IsUnix))
        {
            File.Delete(NsmUrl.SocketPath(url));
        }

        var elapsed = clock.GetElapsedTime(_stopping).TotalMilliseconds;
        LogStopped(_logger, options.Name, elapsed);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Name}: configuration {Configuration}")]
    private static partial void LogConfiguration(ILogger logger, string name, object configuration);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Name} started: serving on {Urls}")]
    private static partial void LogServing(ILogger logger, string name, IReadOnlyList<Uri> urls);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Name} started")]
    private static partial void LogStarted(ILogger logger, string name);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "stopping {Name}")]
    private static partial void LogStopping(ILogger logger, string name);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Name} stopped in {Elapsed:F0} ms")]
    private static partial void LogStopped(ILogger logger, string name, double elapsed);
}
