using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Sdk.Core;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Metrics and traces for NSM programs with OpenTelemetry: the SDK's meter and activity source (<see cref="NsmDiagnostics"/>)
/// exported over OTLP and/or served to Prometheus, as <see cref="NsmTelemetryOptions"/> says. Nothing is registered when
/// both are off, so a program that exports nothing pays nothing.
/// </summary>
public static class NsmTelemetryExtensions
{
    /// <summary>Registers the telemetry <paramref name="options"/> ask for.</summary>
    /// <param name="services">The program's services.</param>
    /// <param name="options">The options (<see cref="NsmTelemetryOptions.FromEnvironment"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmTelemetry(this IServiceCollection services, NsmTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        otel.WithMetrics(m =>
        {
            m.AddMeter(NsmDiagnostics.Name);
            if (options.OtlpEndpoint is { } endpoint)
            {
                m.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = OtlpExportProtocol.Grpc;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricsExportInterval.TotalMilliseconds;
                });
            }

            if (options.PrometheusListenOn is not null)
            {
                m.AddPrometheusExporter();
            }
        });
        if (options.OtlpEndpoint is { } traces)
        {
            otel.WithTracing(t => t
                .AddSource(NsmDiagnostics.Name)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = traces;
                    o.Protocol = OtlpExportProtocol.Grpc;
                }));
        }

        if (options.PrometheusListenOn is not null)
        {
            services.AddHostedService<NsmMetricsListener>();
        }

        return services;
    }

    /// <summary>Reads <see cref="NsmTelemetryOptions"/> from the process's environment and registers them.</summary>
    /// <param name="builder">The program's host builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddNsmTelemetry(this IHostApplicationBuilder builder) => builder.AddNsmTelemetry(new NsmEnvironment());

    /// <summary>Reads <see cref="NsmTelemetryOptions"/> from <paramref name="environment"/> and registers them.</summary>
    /// <param name="builder">The program's host builder.</param>
    /// <param name="environment">The environment.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddNsmTelemetry(this IHostApplicationBuilder builder, NsmEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        var env = environment;
        var name = env.GetString("NSM_NAME", builder.Environment.ApplicationName);
        builder.Services.AddNsmTelemetry(NsmTelemetryOptions.FromEnvironment(env, name));
        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint (<see cref="NsmTelemetryOptions.ScrapePath"/>) of <paramref name="meterProvider"/>.</summary>
    /// <param name="endpoints">Where to map it.</param>
    /// <param name="meterProvider">The program's meter provider (one with the Prometheus exporter).</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapNsmTelemetry(this IEndpointRouteBuilder endpoints, MeterProvider meterProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(meterProvider);
        endpoints.MapPrometheusScrapingEndpoint(NsmTelemetryOptions.ScrapePath, meterProvider, null, null);
        return endpoints;
    }
}
