using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Nsm.Cmd.SiteGateway;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Cmd.Tests.SiteGateway;

/// <summary>
/// cmd-site-gateway: its env, and the program itself (without CAP_SYS_ADMIN) in a namespace of the test's own, following
/// a mounted nsm.yaml (tunnel up with its routes, a bad change ignored with its reason, removal, and nothing left at stop).
/// </summary>
public sealed class SiteGatewayTests
{
    [Fact]
    public void Defaults_are_the_gateway_role_on_the_mounted_nsm_config()
    {
        var options = SiteGatewayCmdOptions.FromEnvironment(Env.Of());
        Assert.Equal("/etc/nsm-config/nsm.yaml", options.ConfigPath);
        Assert.Equal("nsm-site", options.DeviceName);
        Assert.Null(options.Gateway);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.True(options.RouteRegistry);

        var member = SiteGatewayCmdOptions.FromEnvironment(Env.Of(("NSM_SITE_GATEWAY", "10.0.0.5"), ("NSM_SITE_ROUTE_REGISTRY", "false")));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), member.Gateway);
        Assert.False(member.RouteRegistry);
    }

    [Theory]
    [InlineData("NSM_SITE_GATEWAY", "gateway.example.com", "NSM_SITE_GATEWAY: 'gateway.example.com' is not an IP address")]
    [InlineData("NSM_SITE_DEVICE", "a-name-far-too-long", "NSM_SITE_DEVICE: 'a-name-far-too-long' is not an interface name")]
    [InlineData("NSM_SITE_POLL_INTERVAL", "0s", "must be positive")]
    public void Bad_values_stop_the_program_with_the_variable_named(string name, string value, string expected)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => SiteGatewayCmdOptions.FromEnvironment(Env.Of((name, value))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_follows_nsm_yaml_and_leaves_nothing_when_stopped()
    {
        var ns = "nsmt-sg" + Guid.NewGuid().ToString("N")[..6];
        var device = "nsmsg" + Guid.NewGuid().ToString("N")[..6];
        var dir = Directory.CreateTempSubdirectory("nsm-site-gateway-").FullName;
        var config = Path.Combine(dir, "nsm.yaml");
        await RunAsync("ip", "netns", "add", ns);
        Process? program = null;
        try
        {
            await RunAsync("ip", "-n", ns, "link", "set", "lo", "up");
            var lines = Channel.CreateUnbounded<string>();
            program = Start(ns, config, device, lines.Writer);
            await WaitForAsync(lines.Reader, "gateway (" + device + ")");

            await File.WriteAllTextAsync(config, Yaml("type: wireguard", "routes: [172.31.222.0/24]"));
            await WaitForAsync(lines.Reader, "site tunnel up: " + device);
            Assert.Contains(device, await RunAsync("ip", "-n", ns, "link", "show", "dev", device), StringComparison.Ordinal);
            Assert.Contains("172.31.222.0/24 dev " + device, await RunAsync("ip", "-n", ns, "route"), StringComparison.Ordinal);

            await File.WriteAllTextAsync(config, Yaml("type: ipsec", "routes: [172.31.222.0/24]"));
            File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddSeconds(5));
            await WaitForAsync(lines.Reader, "tunnel.type: ipsec is not supported here");
            Assert.Contains(device, await RunAsync("ip", "-n", ns, "link", "show", "dev", device), StringComparison.Ordinal);

            File.Delete(config);
            await WaitForAsync(lines.Reader, "site tunnel " + device + " removed");
            Assert.DoesNotContain(device, await RunAsync("ip", "-n", ns, "link"), StringComparison.Ordinal);

            await File.WriteAllTextAsync(config, Yaml("type: wireguard", "routes: []"));
            await WaitForAsync(lines.Reader, "site tunnel up: " + device);
            await RunAsync("kill", "-TERM", program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                await program.WaitForExitAsync(exit.Token);
            }

            Assert.Equal(0, program.ExitCode);
            Assert.DoesNotContain(device, await RunAsync("ip", "-n", ns, "link"), StringComparison.Ordinal);
            Assert.False(WireGuardGoRuns(device));
        }
        finally
        {
            if (program is { HasExited: false })
            {
                program.Kill(entireProcessTree: true);
            }

            program?.Dispose();
            await RunAsync("ip", "netns", "del", ns);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Yaml(string type, string routes) => $"""
        registry:
          url: "tcp://172.31.222.2:5001"
        tunnel:
          {type}
          privateKey: {WireGuardKey.Generate().ToBase64()}
          peerPublicKey: {WireGuardKey.Generate().PublicKey.ToBase64()}
          peerEndpoint: "203.0.113.50:51820"
          {routes}

        """;

    private static Process Start(string ns, string config, string device, ChannelWriter<string> lines)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Without CAP_SYS_ADMIN, as in a pod with only NET_ADMIN: the tunnel in the program's own namespace needs no setns.
        foreach (var a in new[] { "netns", "exec", ns, "setpriv", "--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin", "dotnet", Path.Combine(AppContext.BaseDirectory, "nsm-site-gateway.dll") })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NSM_CONFIG_FILE"] = config;
        start.Environment["NSM_SITE_DEVICE"] = device;
        start.Environment["NSM_SITE_POLL_INTERVAL"] = "100ms";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => lines.TryWrite(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => lines.TryWrite(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(ChannelReader<string> lines, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var line = await lines.ReadAsync(timeout.Token);
                seen.Add(line);
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no line with '{text}' within 30 s; the program said:\n{string.Join('\n', seen)}");
        }
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }

    private static bool WireGuardGoRuns(string name) =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                return char.IsAsciiDigit(Path.GetFileName(dir)[0]) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("\0" + name + "\0", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });
}
