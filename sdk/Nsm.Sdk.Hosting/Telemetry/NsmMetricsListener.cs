using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The Prometheus scrape endpoint: a small HTTP/1.1 listener of its own on <see cref="NsmTelemetryOptions.PrometheusListenOn"/>
/// (as upstream's metrics server, apart from the gRPC listeners), serving <see cref="NsmTelemetryOptions.ScrapePath"/>.
/// </summary>
/// <param name="options">The options.</param>
/// <param name="services">The program's services (its meter provider and logger factory).</param>
internal sealed partial class NsmMetricsListener(NsmTelemetryOptions options, IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listenOn = options.PrometheusListenOn!;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (listenOn.Address.Equals(IPAddress.IPv6Any))
            {
                k.ListenAnyIP(listenOn.Port, o => o.Protocols = HttpProtocols.Http1);
            }
            else
            {
                k.Listen(listenOn, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        var app = builder.Build();
        app.MapNsmTelemetry(services.GetRequiredService<MeterProvider>());
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var logger = loggerFactory.CreateLogger("Nsm.Metrics");
        LogListening(logger, listenOn, NsmTelemetryOptions.ScrapePath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "metrics: Prometheus scrape endpoint on http://{ListenOn}{Path}")]
    private static partial void LogListening(ILogger logger, IPEndPoint listenOn, string path);
}
