using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Registry;

/// <summary>The settings of the memory registry program, read once from <c>NSM_*</c> environment variables.</summary>
/// <param name="Name">NSM_NAME: the component name used in logs (default <c>registry</c>).</param>
/// <param name="ListenOn">
/// NSM_LISTEN_ON: comma-separated <c>tcp://host:port</c> and <c>unix:///path</c> URLs (default <c>tcp://:5002</c>, as
/// the deployments). An empty host (<c>tcp://:5002</c>) listens on all interfaces, as Go does.
/// </param>
/// <param name="ExpirePeriod">NSM_EXPIRE_PERIOD: NSE expiration without refresh, a Go duration (default <c>1m</c>; cmd-registry-memory hard-codes 1 min).</param>
/// <param name="ProxyRegistryUrl">NSM_PROXY_REGISTRY_URL: the interdomain proxy registry (accepted, not used yet).</param>
/// <param name="ServerPolicies">NSM_REGISTRY_SERVER_POLICIES: OPA policy globs (accepted, not enforced until authorize exists).</param>
/// <param name="ClientPolicies">NSM_REGISTRY_CLIENT_POLICIES: OPA policy globs for the proxy client (accepted, not enforced).</param>
/// <param name="LogLevel">NSM_LOG_LEVEL: TRACE, DEBUG, INFO, WARN, ERROR, FATAL or PANIC (default INFO).</param>
public sealed record RegistryCmdOptions(
    string Name,
    IReadOnlyList<Uri> ListenOn,
    TimeSpan ExpirePeriod,
    Uri? ProxyRegistryUrl,
    IReadOnlyList<string> ServerPolicies,
    IReadOnlyList<string> ClientPolicies,
    LogLevel LogLevel)
{
    /// <summary>Gets NSM_MAX_TOKEN_LIFETIME: the lifetime of the registry's own path tokens, a Go duration (default <c>10m</c>).</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>The default of NSM_LISTEN_ON.</summary>
    public const string DefaultListenOn = "tcp://:5002";

    /// <summary>The default of NSM_REGISTRY_SERVER_POLICIES.</summary>
    public const string DefaultServerPolicies = "etc/nsm/opa/common/.*.rego,etc/nsm/opa/registry/.*.rego,etc/nsm/opa/server/.*.rego";

    /// <summary>The default of NSM_REGISTRY_CLIENT_POLICIES.</summary>
    public const string DefaultClientPolicies = "etc/nsm/opa/common/.*.rego,etc/nsm/opa/registry/.*.rego,etc/nsm/opa/client/.*.rego";

    /// <summary>Reads the settings.</summary>
    /// <param name="env">Reads a variable.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="FormatException">A variable has a bad value; the message names it.</exception>
    public static RegistryCmdOptions FromEnvironment(Func<string, string?> env)
    {
        string Get(string name, string fallback) => env(name) is { Length: > 0 } v ? v.Trim() : fallback;
        var listenOn = Get("NSM_LISTEN_ON", DefaultListenOn)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Parse("NSM_LISTEN_ON", u))
            .ToList();
        if (listenOn.Count == 0)
        {
            throw new FormatException("NSM_LISTEN_ON: no URL given");
        }

        var expire = Get("NSM_EXPIRE_PERIOD", "1m");
        if (!GoDuration.TryParse(expire, out var period) || period <= TimeSpan.Zero)
        {
            throw new FormatException($"NSM_EXPIRE_PERIOD: '{expire}' is not a positive duration such as 1m, 30s or 1m30s");
        }

        var proxy = env("NSM_PROXY_REGISTRY_URL") is { Length: > 0 } p ? Parse("NSM_PROXY_REGISTRY_URL", p.Trim()) : null;
        return new RegistryCmdOptions(
            Get("NSM_NAME", "registry"),
            listenOn,
            period,
            proxy,
            Split(Get("NSM_REGISTRY_SERVER_POLICIES", DefaultServerPolicies)),
            Split(Get("NSM_REGISTRY_CLIENT_POLICIES", DefaultClientPolicies)),
            ParseLevel(Get("NSM_LOG_LEVEL", "INFO")))
        {
            MaxTokenLifetime = MaxTokenLifetimeFrom(env),
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"NSM_NAME={Name} NSM_LISTEN_ON={string.Join(',', ListenOn)} NSM_EXPIRE_PERIOD={ExpirePeriod} " +
        $"NSM_PROXY_REGISTRY_URL={ProxyRegistryUrl} NSM_MAX_TOKEN_LIFETIME={MaxTokenLifetime} NSM_LOG_LEVEL={LogLevel} policies={ServerPolicies.Count}/{ClientPolicies.Count}";

    private static TimeSpan MaxTokenLifetimeFrom(Func<string, string?> env)
    {
        try
        {
            return new NsmEnvironment(env).GetMaxTokenLifetime();
        }
        catch (NsmConfigurationException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Uri Parse(string variable, string value)
    {
        var text = value.StartsWith("tcp://:", StringComparison.Ordinal) ? "tcp://0.0.0.0:" + value["tcp://:".Length..] : value;
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "tcp://" + text; // upstream accepts host:port
        }

        return NsmUrl.TryParse(text, out var url, out var error) ? url : throw new FormatException($"{variable}: {error}");
    }

    private static LogLevel ParseLevel(string value) => value.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "PANIC" => LogLevel.Critical,
        _ => throw new FormatException($"NSM_LOG_LEVEL: '{value}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC"),
    };
}
