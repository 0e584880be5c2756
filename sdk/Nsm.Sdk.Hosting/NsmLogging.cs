using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Logging the way NSM programs log: one line per event, level from <c>NSM_LOG_LEVEL</c> (default INFO), changeable while
/// the program runs (<see cref="NsmLogLevelSignals"/>: <c>SIGUSR1</c> TRACE, <c>SIGUSR2</c> back).
/// </summary>
public static class NsmLogging
{
    /// <summary>The variable of the log level.</summary>
    public const string LevelVariable = "NSM_LOG_LEVEL";

    /// <summary>Maps upstream's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC) to a log level.</summary>
    /// <param name="value">The level name, any case.</param>
    /// <returns>The level.</returns>
    /// <exception cref="NsmConfigurationException">Unknown level.</exception>
    public static LogLevel ParseLevel(string value) => (value ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" or "" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "PANIC" or "CRITICAL" => LogLevel.Critical,
        _ => throw new NsmConfigurationException($"NSM_LOG_LEVEL: '{value}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL"),
    };

    /// <summary>Configures console logging for an NSM program.</summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="environment">Where <c>NSM_LOG_LEVEL</c> is read.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddNsmConsole(this ILoggingBuilder logging, NsmEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(environment);
        var level = environment.GetLogLevel();
        logging.ClearProviders();
        logging.AddNsmLogLevelSwitch(level);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        return logging;
    }
}
