using Nsm.Cmd.ForwarderKernel;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public class ForwarderMappingTests
{
    [Fact]
    public void Defaults_register_as_a_p2p_forwarder_through_the_node_socket()
    {
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of());
        Assert.Equal("forwarder", options.Name);
        Assert.Equal(new Uri("unix:///var/lib/networkservicemesh/nsm.io.sock"), options.ConnectTo);
        Assert.Equal("true", options.Labels["p2p"]);
        Assert.Equal(1500, options.Mtu);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DialTimeout);
        Assert.Equal("forwarder", options.ServiceName);
        Assert.Equal(4789, options.Tunnel.VxlanPort);
        Assert.Equal("WIREGUARD,VXLAN", string.Join(',', options.Tunnel.Priority));
        Assert.False(System.Net.IPAddress.IsLoopback(options.Tunnel.TunnelIP)); // the first non-loopback IPv4 address here
    }

    [Fact]
    public void Trusted_path_callers_reach_the_forwarder_options()
    {
        Assert.Empty(ForwarderCmdOptions.FromEnvironment(Env.Of()).ToForwarderOptions([], []).NamespaceAccess.TrustedUids);
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(("NSM_TRUSTED_PATH_CALLERS", "uid:0")));
        Assert.Equal([0u], options.ToForwarderOptions([], []).NamespaceAccess.TrustedUids);
    }

    [Fact]
    public void Tunnel_variables_are_upstreams_and_in_the_settings_line()
    {
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(
            ("NSM_TUNNEL_IP", "192.168.231.7"),
            ("NSM_VXLAN_PORT", "4790"),
            ("NSM_MECHANISM_PRIORITY", "vxlan")));
        Assert.Equal(System.Net.IPAddress.Parse("192.168.231.7"), options.Tunnel.TunnelIP);
        Assert.Equal(4790, options.Tunnel.VxlanPort);
        Assert.Equal("VXLAN", string.Join(',', options.Tunnel.Priority));
        Assert.Contains("tunnelIP=192.168.231.7 vxlanPort=4790 mechanismPriority=VXLAN", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_map_to_the_forwarder_options_with_the_data_plane()
    {
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "forwarder-kernel"),
            ("NSM_CONNECT_TO", "unix:///tmp/nsm.sock"),
            ("NSM_LISTEN_ON", "unix:///tmp/fwd.sock"),
            ("NSM_LABELS", "p2p=true,node:a"),
            ("NSM_MTU", "9000"),
            ("NSM_SERVICE_NAME", "fwd-service")));
        var forwarder = options.ToForwarderOptions([NullServer.Instance], [NullClient.Instance]);
        Assert.Equal("forwarder-kernel", forwarder.Name);
        Assert.Equal(new Uri("unix:///tmp/nsm.sock"), forwarder.NsmgrUrl);
        Assert.Equal(new Uri("unix:///tmp/fwd.sock"), forwarder.Url);
        Assert.Equal("a", forwarder.Labels["node"]);
        Assert.Equal("fwd-service", forwarder.ServiceName);
        Assert.Same(NullServer.Instance, Assert.Single(forwarder.AdditionalServerFunctionality));
        Assert.Same(NullClient.Instance, Assert.Single(forwarder.AdditionalClientFunctionality));
        Assert.Equal(9000, options.Mtu);
        forwarder.Validate();
    }

    [Theory]
    [InlineData("NSM_MTU", "20")]
    [InlineData("NSM_MTU", "big")]
    [InlineData("NSM_LABELS", "novalue")]
    [InlineData("NSM_DIAL_TIMEOUT", "5")]
    [InlineData("NSM_TUNNEL_IP", "node1")]
    [InlineData("NSM_TUNNEL_IP", "127.0.0.1")]
    [InlineData("NSM_VXLAN_PORT", "70000")]
    [InlineData("NSM_MECHANISM_PRIORITY", "IPSEC")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => ForwarderCmdOptions.FromEnvironment(Env.Of((name, value))));
        Assert.StartsWith(name + ":", ex.Message, StringComparison.Ordinal);
    }
}
