using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Changes the log level on signals, as upstream's programs do: <c>SIGUSR1</c> switches to TRACE, <c>SIGUSR2</c> back
/// to the level of <c>NSM_LOG_LEVEL</c> (<c>kill -USR1 &lt;pid&gt;</c>; in a pod, <c>kubectl exec … -- kill -USR1 1</c>).
/// </summary>
/// <param name="level">The switch.</param>
/// <param name="loggerFactory">Where the change is logged.</param>
internal sealed partial class NsmLogLevelSignals(NsmLogLevelSwitch level, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    /// <summary>SIGUSR1 on Linux.</summary>
    public const int SigUsr1 = 10;

    /// <summary>SIGUSR2 on Linux.</summary>
    public const int SigUsr2 = 12;

    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.LogLevel");
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux())
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr1, c => OnSignal(c, LogLevel.Trace)));
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr2, c => OnSignal(c, level.Configured)));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context, LogLevel to)
    {
        context.Cancel = true;
        var from = level.Level;
        if (level.Set(to))
        {
            LogChanged(_logger, from, to);
        }
    }

    // Warning: it must show whatever the level was before.
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "log level changed from {From} to {To}")]
    private static partial void LogChanged(ILogger logger, LogLevel from, LogLevel to);
}
