using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Nothing_is_exported_by_default()
    {
        var o = Read();
        Assert.False(o.Enabled);
        Assert.Null(o.OtlpEndpoint);
        Assert.Null(o.PrometheusListenOn);
        Assert.Equal(TimeSpan.FromSeconds(10), o.MetricsExportInterval);
    }

    [Fact]
    public void Otlp_is_on_when_the_endpoint_is_set_and_takes_upstreams_host_port_form()
    {
        var o = Read(("NSM_OPEN_TELEMETRY_ENDPOINT", "collector:4317"), ("NSM_METRICS_EXPORT_INTERVAL", "2s"));
        Assert.Equal(new Uri("http://collector:4317"), o.OtlpEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(2), o.MetricsExportInterval);
        Assert.Null(Read(("NSM_OPEN_TELEMETRY_ENDPOINT", "collector:4317"), ("TELEMETRY", "false")).OtlpEndpoint);
    }

    [Fact]
    public void Telemetry_true_without_an_endpoint_uses_upstreams_collector()
    {
        Assert.Equal(new Uri("http://" + NsmTelemetryOptions.DefaultEndpoint), Read(("TELEMETRY", "true")).OtlpEndpoint);
    }

    [Fact]
    public void Prometheus_listens_on_8081_by_default_and_on_the_given_address()
    {
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 8081), Read(("PROMETHEUS", "true")).PrometheusListenOn);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9100), Read(("PROMETHEUS", "true"), ("NSM_PROMETHEUS_LISTEN_ON", "127.0.0.1:9100")).PrometheusListenOn);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9100), Read(("PROMETHEUS", "true"), ("NSM_PROMETHEUS_LISTEN_ON", "[::1]:9100")).PrometheusListenOn);
        Assert.Null(Read(("NSM_PROMETHEUS_LISTEN_ON", "127.0.0.1:9100")).PrometheusListenOn);
    }

    [Theory]
    [InlineData("PROMETHEUS", "maybe")]
    [InlineData("NSM_METRICS_EXPORT_INTERVAL", "often")]
    [InlineData("NSM_OPEN_TELEMETRY_ENDPOINT", "ftp://x")]
    public void Bad_values_name_the_variable(string name, string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => Read((name, value), ("PROMETHEUS", name == "PROMETHEUS" ? value : "true"), ("NSM_PROMETHEUS_LISTEN_ON", "127.0.0.1:1")));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_listen_address_names_the_variable()
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => Read(("PROMETHEUS", "true"), ("NSM_PROMETHEUS_LISTEN_ON", "nowhere")));
        Assert.Contains("NSM_PROMETHEUS_LISTEN_ON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_level_changes_while_the_program_runs()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole().AddNsmLogLevelSwitch(LogLevel.Information));
        using var sp = services.BuildServiceProvider();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Test");
        var aspNet = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing");
        var level = sp.GetRequiredService<NsmLogLevelSwitch>();
        Assert.True(logger.IsEnabled(LogLevel.Information));
        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.False(aspNet.IsEnabled(LogLevel.Information));

        Assert.True(level.Set(LogLevel.Trace));
        Assert.True(logger.IsEnabled(LogLevel.Trace));
        Assert.True(aspNet.IsEnabled(LogLevel.Trace));

        Assert.True(level.Set(level.Configured));
        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.False(level.Set(LogLevel.Information));
    }

    private static NsmTelemetryOptions Read(params (string Key, string Value)[] vars)
    {
        var env = new NsmEnvironment(k => vars.FirstOrDefault(v => v.Key == k).Value);
        return NsmTelemetryOptions.FromEnvironment(env, "test");
    }
}
