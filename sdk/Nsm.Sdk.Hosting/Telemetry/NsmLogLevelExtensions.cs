using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nsm.Sdk.Hosting;

/// <summary>Registers the run-time log level of NSM programs.</summary>
public static class NsmLogLevelExtensions
{
    /// <summary>
    /// Sets the level to <paramref name="level"/> with the NSM filters (<see cref="NsmLogFilters"/>), through a
    /// <see cref="NsmLogLevelSwitch"/> that <c>SIGUSR1</c> (TRACE) and <c>SIGUSR2</c> (back) change while the program runs.
    /// </summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="level">The level from <c>NSM_LOG_LEVEL</c>.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddNsmLogLevelSwitch(this ILoggingBuilder logging, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var services = logging.Services;
        services.RemoveAll<NsmLogLevelSwitch>();
        services.AddSingleton(new NsmLogLevelSwitch(level));
        if (services.Any(d => d.ServiceType == typeof(NsmLogFilters)))
        {
            return logging;
        }

        services.TryAddSingleton<NsmLogFilters>();
        services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(sp => sp.GetRequiredService<NsmLogFilters>());
        services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(sp => sp.GetRequiredService<NsmLogFilters>());
        services.AddHostedService<NsmLogLevelSignals>();
        return logging;
    }
}
