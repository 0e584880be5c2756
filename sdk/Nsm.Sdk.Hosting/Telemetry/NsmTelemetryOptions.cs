using System.Net;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// What a program exports, read from upstream's variables by <see cref="FromEnvironment"/>: OTLP (traces and metrics)
/// to <c>NSM_OPEN_TELEMETRY_ENDPOINT</c>, and a Prometheus scrape endpoint when <c>PROMETHEUS=true</c>.
/// </summary>
public sealed record NsmTelemetryOptions
{
    /// <summary>Upstream's switch for OpenTelemetry export (<c>TELEMETRY</c>, a bool).</summary>
    public const string TelemetryVariable = "TELEMETRY";

    /// <summary>The OTLP collector (<c>NSM_OPEN_TELEMETRY_ENDPOINT</c>, <c>host:port</c> or a URL).</summary>
    public const string EndpointVariable = "NSM_OPEN_TELEMETRY_ENDPOINT";

    /// <summary>How often metrics are pushed over OTLP (<c>NSM_METRICS_EXPORT_INTERVAL</c>, a Go duration, 10s).</summary>
    public const string ExportIntervalVariable = "NSM_METRICS_EXPORT_INTERVAL";

    /// <summary>Upstream's switch for the Prometheus scrape endpoint (<c>PROMETHEUS</c>, a bool, false).</summary>
    public const string PrometheusVariable = "PROMETHEUS";

    /// <summary>Where the scrape endpoint listens (<c>NSM_PROMETHEUS_LISTEN_ON</c>, <c>host:port</c> or <c>:port</c>, <c>:8081</c>).</summary>
    public const string PrometheusListenOnVariable = "NSM_PROMETHEUS_LISTEN_ON";

    /// <summary>Upstream's default collector, used when <c>TELEMETRY=true</c> names none.</summary>
    public const string DefaultEndpoint = "otel-collector.observability.svc.cluster.local:4317";

    /// <summary>The scrape path.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>Gets the service name the exported data carries (the program's <c>NSM_NAME</c>).</summary>
    public string ServiceName { get; init; } = "nsm";

    /// <summary>Gets the OTLP collector (gRPC), or <see langword="null"/> for no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Gets how often metrics are pushed over OTLP (10 s).</summary>
    public TimeSpan MetricsExportInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets where the Prometheus scrape endpoint listens, or <see langword="null"/> for none.</summary>
    public IPEndPoint? PrometheusListenOn { get; init; }

    /// <summary>Gets a value indicating whether anything is exported.</summary>
    public bool Enabled => OtlpEndpoint is not null || PrometheusListenOn is not null;

    /// <summary>
    /// Reads the options: OTLP when <c>NSM_OPEN_TELEMETRY_ENDPOINT</c> is set or <c>TELEMETRY=true</c> (upstream's
    /// default collector then), unless <c>TELEMETRY=false</c>; Prometheus when <c>PROMETHEUS=true</c>.
    /// </summary>
    /// <param name="env">The environment.</param>
    /// <param name="serviceName">The service name.</param>
    /// <returns>The options.</returns>
    /// <exception cref="NsmConfigurationException">A value is malformed.</exception>
    public static NsmTelemetryOptions FromEnvironment(NsmEnvironment env, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(env);
        var endpointText = env.Find(EndpointVariable)?.Value;
        var telemetry = env.Find(TelemetryVariable) is null ? endpointText is not null : env.GetBool(TelemetryVariable, false);
        var interval = env.GetDuration(ExportIntervalVariable, TimeSpan.FromSeconds(10));
        if (interval <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException($"{ExportIntervalVariable}: must be positive");
        }

        return new NsmTelemetryOptions
        {
            ServiceName = serviceName,
            OtlpEndpoint = telemetry ? ParseEndpoint(endpointText ?? DefaultEndpoint) : null,
            MetricsExportInterval = interval,
            PrometheusListenOn = env.GetBool(PrometheusVariable, false)
                ? ParseListenOn(env.GetString(PrometheusListenOnVariable, ":8081"))
                : null,
        };
    }

    /// <summary>Parses <c>host:port</c>, <c>:port</c> (every address) or <c>[v6]:port</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="NsmConfigurationException">Malformed.</exception>
    public static IPEndPoint ParseListenOn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.LastIndexOf(':');
        if (cut < 0 || !ushort.TryParse(text.AsSpan(cut + 1), System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new NsmConfigurationException($"{PrometheusListenOnVariable}: '{text}' is not host:port or :port");
        }

        var host = text[..cut].Trim('[', ']');
        IPAddress address;
        if (host.Length == 0)
        {
            address = IPAddress.IPv6Any;
        }
        else if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw new NsmConfigurationException($"{PrometheusListenOnVariable}: '{host}' is not an IP address");
        }

        return new IPEndPoint(address, port);
    }

    private static Uri ParseEndpoint(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new NsmConfigurationException($"{EndpointVariable}: '{text}' is not host:port or an http(s) URL");
    }
}
