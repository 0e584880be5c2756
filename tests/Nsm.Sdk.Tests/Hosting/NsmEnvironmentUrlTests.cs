using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

/// <summary>URL and log-level parsing shared by every program (once, in hosting).</summary>
public class NsmEnvironmentUrlTests
{
    [Theory]
    [InlineData("unix:///var/lib/networkservicemesh/nsm.io.sock", "unix:///var/lib/networkservicemesh/nsm.io.sock")]
    [InlineData("tcp://127.0.0.1:5001", "tcp://127.0.0.1:5001")]
    [InlineData("tcp://:5002", "tcp://0.0.0.0:5002")]
    [InlineData("registry:5002", "tcp://registry:5002")]
    [InlineData(" 10.0.0.1:5002 ", "tcp://10.0.0.1:5002")]
    public void Upstream_url_forms_are_accepted(string text, string expected)
    {
        Assert.True(NsmEnvironment.TryParseUrl(text, out var url, out _));
        Assert.Equal(new Uri(expected), url);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://x:1")]
    [InlineData("tcp://host")]
    public void Other_text_is_refused(string text) => Assert.False(NsmEnvironment.TryParseUrl(text, out _, out _));

    [Theory]
    [InlineData(null, LogLevel.Information)]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("WARN", LogLevel.Warning)]
    [InlineData("panic", LogLevel.Critical)]
    public void The_log_level_uses_upstream_names(string? value, LogLevel expected) =>
        Assert.Equal(expected, new NsmEnvironment(n => n == NsmLogging.LevelVariable ? value : null).GetLogLevel());
}
