using System.Net;
using Nsm.Cmd.ForwarderVpp;
using Nsm.Sdk.Hosting;
using Nsm.Vpp.Testing;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class ForwarderVppTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nsm-forwarder-vpp-test-").FullName;

    private static NsmEnvironment Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new NsmEnvironment(name => map.GetValueOrDefault(name));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Options_are_upstreams_variables_with_upstreams_defaults()
    {
        var defaults = ForwarderVppOptions.FromEnvironment(Env(("NSM_TUNNEL_IP", "10.0.2.1")));
        Assert.Equal(("forwarder", "forwarder", "/var/run/vpp/external/vpp-api.sock"), (defaults.Name, defaults.ServiceName, defaults.Vpp.ApiSocket));
        Assert.Equal(new Uri("unix:///var/lib/networkservicemesh/nsm.io.sock"), defaults.ConnectTo);
        Assert.Equal("true", defaults.Labels["p2p"]);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(2)), (defaults.MaxTokenLifetime, defaults.DialTimeout, defaults.Vpp.OperationTimeout));
        Assert.Equal((IPAddress.Parse("10.0.2.1"), (ushort)4789), (defaults.TunnelIP, defaults.VxlanPort));

        var set = ForwarderVppOptions.FromEnvironment(Env(
            ("NSM_NAME", "forwarder-vpp-x1"),
            ("NSM_CONNECT_TO", "unix:///run/nsm/nsm.io.sock"),
            ("NSM_LISTEN_ON", "unix:///listen.on.sock"),
            ("NSM_NSNAME", "vpp-forwarder"),
            ("NSM_LABELS", "p2p:true,node:n1"),
            ("NSM_MAX_TOKEN_LIFETIME", "5m"),
            ("NSM_TUNNEL_IP", "192.168.231.7"),
            ("NSM_VXLAN_PORT", "4790"),
            ("NSM_VPP_API_SOCKET", "/run/vpp/api.sock"),
            ("NSM_VPP_MIN_OPERATION_TIMEOUT", "5s")));
        Assert.Equal(("forwarder-vpp-x1", "vpp-forwarder", "/run/vpp/api.sock"), (set.Name, set.ServiceName, set.Vpp.ApiSocket));
        Assert.Equal((new Uri("unix:///run/nsm/nsm.io.sock"), new Uri("unix:///listen.on.sock")), (set.ConnectTo, set.ListenOn));
        Assert.Equal("n1", set.Labels["node"]);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5)), (set.MaxTokenLifetime, set.Vpp.OperationTimeout));
        Assert.Equal((IPAddress.Parse("192.168.231.7"), (ushort)4790), (set.TunnelIP, set.VxlanPort));
        var forwarder = set.ToForwarderOptions([], []);
        Assert.Equal(("forwarder-vpp-x1", "vpp-forwarder", new Uri("unix:///run/nsm/nsm.io.sock")), (forwarder.Name, forwarder.ServiceName, forwarder.NsmgrUrl));
        Assert.Throws<NsmConfigurationException>(() => ForwarderVppOptions.FromEnvironment(Env(("NSM_TUNNEL_IP", "127.0.0.1"))));
    }

    [Fact]
    public async Task An_unreachable_socket_without_a_vpp_binary_exits_2_with_one_line()
    {
        var socket = Path.Combine(_directory, "missing", "vpp-api.sock");
        var error = new StringWriter();

        var code = await ForwarderVppProgram.RunAsync([], Env(("NSM_TUNNEL_IP", "10.0.2.1"), ("NSM_VPP_API_SOCKET", socket), ("PATH", _directory)), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal($"nsm-forwarder-vpp: VPP is not reachable at {socket}: no such socket, and no vpp binary on PATH to start one", error.ToString().TrimEnd());
    }

    [Fact]
    public async Task A_vpp_with_another_crc_exits_2_naming_the_message()
    {
        await using var vpp = FakeVpp.Start(Path.Combine(_directory, "api.sock"));
        vpp.SetMessage("memif_create_v2", "deadbeef");
        var error = new StringWriter();

        var code = await ForwarderVppProgram.RunAsync([], Env(("NSM_TUNNEL_IP", "10.0.2.1"), ("NSM_VPP_API_SOCKET", vpp.SocketPath)), error, CancellationToken.None);

        Assert.Equal(2, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("nsm-forwarder-vpp: VPP at " + vpp.SocketPath, line, StringComparison.Ordinal);
        Assert.Contains("memif_create_v2_8c7de5f7 (it has memif_create_v2_deadbeef)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_vpp_gets_a_generated_startup_conf_and_its_exit_is_reported_with_nothing_left_behind()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var record = Path.Combine(_directory, "startup.conf.seen");
        var script = Path.Combine(bin, "vpp");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\n[ \"$1\" = -c ] && cp \"$2\" '{record}' && dirname \"$2\" > '{record}.dir'\nexit 3\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var error = new StringWriter();

        var code = await ForwarderVppProgram.RunAsync(
            [], Env(("NSM_TUNNEL_IP", "10.0.2.1"), ("NSM_VPP_API_SOCKET", Path.Combine(_directory, "none.sock")), ("PATH", bin)), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Matches(@"^nsm-forwarder-vpp: VPP is not reachable at .*/api\.sock: the vpp it started exited with code 3$", error.ToString().TrimEnd());
        var conf = await File.ReadAllTextAsync(record);
        Assert.Contains("nodaemon", conf, StringComparison.Ordinal);
        Assert.Contains("cli-listen ", conf, StringComparison.Ordinal);
        Assert.Matches(@"socksvr \{\n  socket-name /.*/api\.sock\n\}", conf);
        Assert.Contains("plugin default { disable }", conf, StringComparison.Ordinal);
        Assert.Contains("plugin af_packet_plugin.so { enable }", conf, StringComparison.Ordinal);
        Assert.Contains("plugin memif_plugin.so { enable }", conf, StringComparison.Ordinal);
        Assert.Contains("plugin wireguard_plugin.so { enable }", conf, StringComparison.Ordinal);
        var folder = (await File.ReadAllTextAsync(record + ".dir")).Trim();
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "nsm-forwarder-vpp-"), folder, StringComparison.Ordinal);
        Assert.Contains($"socket-name {folder}/api.sock", conf, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the private VPP's folder is removed");
    }
}
