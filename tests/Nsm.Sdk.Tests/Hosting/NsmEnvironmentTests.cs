using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

public class NsmEnvironmentTests
{
    private static NsmEnvironment Env(params (string K, string V)[] vars) =>
        new(name => vars.FirstOrDefault(v => v.K == name).V);

    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("500ms", 500)]
    [InlineData("10m", 600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    public void Go_durations_parse(string text, long ms)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(ms, (long)d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("15x")]
    [InlineData("s")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void Errors_name_the_variable_and_value()
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => Env(("NSM_DIAL_TIMEOUT", "soon")).GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.Zero));
        Assert.Equal("NSM_DIAL_TIMEOUT: 'soon' is not a duration like 15s, 500ms or 10m", ex.Message);
        ex = Assert.Throws<NsmConfigurationException>(() => Env(("NSM_CONNECT_TO", "http:/x")).GetUrl("NSM_CONNECT_TO", null));
        Assert.StartsWith("NSM_CONNECT_TO:", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<NsmConfigurationException>(() => Env(("NSM_LABELS", "novalue")).GetLabels("NSM_LABELS"));
        Assert.Contains("'novalue'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_labels_urls_and_aliases()
    {
        var env = Env(("NSM_NETWORK_SERVICES", "a, b,,c"), ("NSM_LABELS", "app=x, p2p:true"), ("NSM_LISTEN_ON", "unix:///tmp/a.sock,tcp://127.0.0.1:5001"));
        Assert.Equal(["a", "b", "c"], env.GetList("NSM_SERVICE_NAMES", "NSM_NETWORK_SERVICES"));
        Assert.Equal("true", env.GetLabels("NSM_LABELS")["p2p"]);
        Assert.Equal(2, env.GetUrls("NSM_LISTEN_ON", "unix:///x.sock").Count);
        Assert.Equal("dflt", env.GetString("NSM_NAME", "dflt"));
    }

    [Fact]
    public void Log_levels_follow_upstream_names()
    {
        Assert.Equal(LogLevel.Information, NsmLogging.ParseLevel("INFO"));
        Assert.Equal(LogLevel.Trace, NsmLogging.ParseLevel("trace"));
        Assert.Throws<NsmConfigurationException>(() => NsmLogging.ParseLevel("LOUD"));
    }
}

public class NsmEnvironmentCidrTests
{
    [Fact]
    public void Bad_cidrs_name_the_variable()
    {
        var env = new NsmEnvironment(name => name == "NSM_CIDR_PREFIX" ? "10.100.1.0/24,10.0.0.0/33" : null);
        var ex = Assert.Throws<NsmConfigurationException>(() => env.GetCidrs("NSM_CIDR_PREFIX", "10.0.0.0/8"));
        Assert.Equal("NSM_CIDR_PREFIX: '10.0.0.0/33' is not a CIDR like 10.100.1.0/24", ex.Message);
        Assert.Equal(["192.168.0.0/16"], new NsmEnvironment(_ => null).GetCidrs("NSM_CIDR_PREFIX", "192.168.0.0/16"));
    }
}
