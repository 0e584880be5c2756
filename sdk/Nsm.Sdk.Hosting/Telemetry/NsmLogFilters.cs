using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The logging filters of NSM programs, computed from <see cref="NsmLogLevelSwitch.Level"/> and computed again when it
/// changes: the level itself, framework categories quiet below DEBUG.
/// </summary>
/// <param name="level">The switch.</param>
internal sealed class NsmLogFilters(NsmLogLevelSwitch level) : IConfigureOptions<LoggerFilterOptions>, IOptionsChangeTokenSource<LoggerFilterOptions>
{
    private static readonly string[] Owned =
    [
        "Microsoft.AspNetCore",
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.Hosting",
        "Grpc",
        "OpenTelemetry",
    ];

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => level.GetChangeToken();

    public void Configure(LoggerFilterOptions options)
    {
        var l = level.Level;
        options.MinLevel = l;
        for (var i = options.Rules.Count - 1; i >= 0; i--)
        {
            var rule = options.Rules[i];
            if (rule.ProviderName is null && rule.CategoryName is not null && Owned.Contains(rule.CategoryName, StringComparer.Ordinal))
            {
                options.Rules.RemoveAt(i);
            }
        }

        options.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore", l <= LogLevel.Debug ? l : LogLevel.Warning, null));

        // ASP.NET Core starts an Activity for every request while this category logs at Critical, only for log
        // scopes; HttpClient then starts a child Activity for each call made inside it. For long-lived streams
        // (monitor, registry watch) they live as long as the connection. Tracing listeners still get theirs.
        options.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Hosting.Diagnostics", l <= LogLevel.Debug ? l : LogLevel.None, null));
        options.Rules.Add(new LoggerFilterRule(null, "Microsoft.Hosting", LogLevel.Warning, null));
        options.Rules.Add(new LoggerFilterRule(null, "Grpc", LogLevel.Warning, null));
        options.Rules.Add(new LoggerFilterRule(null, "OpenTelemetry", LogLevel.Warning, null));
    }
}
