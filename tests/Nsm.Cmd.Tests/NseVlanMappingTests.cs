using Nsm.Cmd.NseVlan;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Segments;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Cmd.Tests;

public sealed class NseVlanMappingTests
{
    [Fact]
    public void The_guides_env_gives_one_ethernet_segment_on_vlan_100_through_eth0_without_ipam()
    {
        var options = VlanCmdOptions.FromEnvironment(Env.Of(("NSM_NETWORK_SERVICES", "l2-bridge"), ("NSM_VLAN_ID", "100")));
        Assert.Equal(["l2-bridge"], options.ServiceNames);
        Assert.Equal("ETHERNET", options.Payload);
        Assert.Equal(100, options.VlanId);
        Assert.Equal("eth0", options.DeviceName);
        Assert.Equal(VlanUplinkMode.Auto, options.UplinkMode);
        Assert.Empty(options.CidrPrefix);
        Assert.Equal("unix:///var/lib/networkservicemesh/nsm.io.sock", options.ConnectTo.ToString());

        var segments = new L2SegmentServer(options.ToSegmentOptions(null)); // never started: nothing in the kernel
        var endpoint = options.ToEndpointOptions("inode://4/4026531840", segments);
        Assert.Equal(2, endpoint.AdditionalFunctionality.Count); // no IPAM: the guide's clients get nsm-1 without an address
        Assert.IsType<MechanismsServer>(endpoint.AdditionalFunctionality[0]);
        Assert.Same(segments, endpoint.AdditionalFunctionality[1]);

        var registration = options.ToRegistrationOptions();
        Assert.Equal("ETHERNET", Assert.Single(registration.Services).Payload);
        Assert.Equal(["l2-bridge"], registration.Endpoint!.NetworkServiceNames);
    }

    [Fact]
    public void Upstream_names_map_and_a_cidr_prefix_hands_out_addresses_on_the_shared_subnet()
    {
        var options = VlanCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "vlan-1"),
            ("NSM_CONNECT_TO", "tcp://127.0.0.1:5001"),
            ("NSM_LISTEN_ON", "tcp://127.0.0.1:5002"),
            ("NSM_SERVICE_NAMES", "a,b"),
            ("NSM_PAYLOAD", "ethernet"),
            ("NSM_LABELS", "app=l2"),
            ("NSM_REGISTER_SERVICE", "false"),
            ("NSM_CIDR_PREFIX", "192.168.100.0/24"),
            ("NSM_DEVICE_NAME", "eth1"),
            ("NSM_VLAN_UPLINK_MODE", "bpf"),
            ("NSM_MAX_TOKEN_LIFETIME", "2m")));
        Assert.Equal("vlan-1", options.Name);
        Assert.Equal(["a", "b"], options.ServiceNames);
        Assert.Null(options.VlanId);
        Assert.Equal("eth1", options.DeviceName);
        Assert.Equal(VlanUplinkMode.Bpf, options.UplinkMode);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxTokenLifetime);
        Assert.Empty(options.ToRegistrationOptions().Services);
        Assert.Equal("l2", options.ToRegistrationOptions().Endpoint!.NetworkServiceLabels["a"].Labels["app"]);

        var segments = new L2SegmentServer(options.ToSegmentOptions(null)); // never started: nothing in the kernel
        var endpoint = options.ToEndpointOptions("inode://4/4026531840", segments);
        Assert.IsType<SinglePointIpamServer>(endpoint.AdditionalFunctionality[0]);
        Assert.Equal(["a", "b"], options.ToSegmentOptions(null).Services);
    }

    [Theory]
    [InlineData("NSM_VLAN_ID", "0", "NSM_VLAN_ID: '0' is not a VLAN id (1..4094)")]
    [InlineData("NSM_VLAN_ID", "4095", "NSM_VLAN_ID: '4095' is not a VLAN id (1..4094)")]
    [InlineData("NSM_VLAN_ID", "ten", "NSM_VLAN_ID: 'ten' is not a VLAN id (1..4094)")]
    [InlineData("NSM_VLAN_UPLINK_MODE", "8021q", "NSM_VLAN_UPLINK_MODE: '8021q' is not auto, link or bpf")]
    [InlineData("NSM_PAYLOAD", "ip6", "NSM_PAYLOAD: 'IP6' is not ETHERNET or IP")]
    [InlineData("NSM_CIDR_PREFIX", "192.168.100/24", "NSM_CIDR_PREFIX: '192.168.100/24' is not a CIDR")]
    public void A_bad_value_is_one_line_naming_the_variable(string name, string value, string message)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => VlanCmdOptions.FromEnvironment(Env.Of(("NSM_NETWORK_SERVICES", "l2-bridge"), (name, value))));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vlan_carries_one_segment_and_an_uplink_name_fits_an_interface()
    {
        var two = Assert.Throws<NsmConfigurationException>(() => VlanCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAMES", "a,b"), ("NSM_VLAN_ID", "7"))));
        Assert.Equal("NSM_SERVICE_NAMES: one VLAN carries one segment: name exactly one service (got 2)", two.Message);
        var device = Assert.Throws<NsmConfigurationException>(() => VlanCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAMES", "a"), ("NSM_VLAN_ID", "7"), ("NSM_DEVICE_NAME", "a-very-long-device-name"))));
        Assert.StartsWith("NSM_DEVICE_NAME: 'a-very-long-device-name' is not an interface name", device.Message, StringComparison.Ordinal);
    }
}
