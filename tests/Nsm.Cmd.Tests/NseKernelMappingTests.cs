extern alias nsekernel;

using nsekernel::Nsm.Cmd.NseKernel;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.SharedSubnetIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public class NseKernelMappingTests
{
    [Fact]
    public void The_guides_env_puts_clients_on_the_external_network_behind_the_device()
    {
        var options = NseKernelCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NETWORK_SERVICES", "external-net"),
            ("NSM_CIDR_PREFIX", "10.200.0.0/24"),
            ("NSM_DEVICE_NAME", "eth1")));

        var external = Assert.IsType<ExternalNetworkOptions>(options.External);
        Assert.Equal("eth1", external.Device);
        Assert.Equal(["10.200.0.0/24"], external.Prefixes);
        Assert.Equal((3, TimeSpan.FromMilliseconds(100)), (external.ProbeCount, external.ProbeInterval));
        var chain = options.ToEndpointOptions("inode://4/4026531840").AdditionalFunctionality;
        Assert.IsType<SharedSubnetIpamServer>(chain[0]);
        Assert.Single(chain.OfType<MechanismsServer>());
        Assert.IsType<MacvlanParentServer>(chain[^1]);
        Assert.Empty(chain.OfType<Point2PointIpamServer>());

        // The guide defines no NetworkService for external-net: the endpoint registers it (NSM_REGISTER_SERVICE=true).
        var registration = options.ToRegistrationOptions();
        registration.Validate();
        Assert.Equal("external-net", Assert.Single(registration.Services).Name);
        Assert.Equal(["external-net"], registration.Endpoint!.NetworkServiceNames);
    }

    [Fact]
    public void Without_a_device_it_is_the_icmp_responder()
    {
        var options = NseKernelCmdOptions.FromEnvironment(Env.Of(("NSM_CIDR_PREFIX", "10.100.1.0/24")));
        Assert.Null(options.External);
        Assert.Equal("icmp-server", options.Endpoint.Name);
        Assert.Equal(["icmp-responder"], options.Endpoint.ServiceNames);
        Assert.Single(options.ToEndpointOptions("inode://4/4026531840").AdditionalFunctionality.OfType<Point2PointIpamServer>());
    }

    [Fact]
    public void Gateway_exclusions_routes_and_probes_are_configurable()
    {
        var external = NseKernelCmdOptions.FromEnvironment(Env.Of(
            ("NSM_DEVICE_NAME", "eth1"),
            ("NSM_CIDR_PREFIX", "10.200.0.0/24,fd00:200::/64"),
            ("NSM_GATEWAY", "10.200.0.254"),
            ("NSM_EXCLUDED_PREFIXES", "10.200.0.0/28,10.200.0.100"),
            ("NSM_ROUTES", "0.0.0.0/0"),
            ("NSM_PROBE_COUNT", "2"),
            ("NSM_PROBE_INTERVAL", "1s"))).External!;
        Assert.Equal(["10.200.0.0/24", "fd00:200::/64"], external.Prefixes);
        Assert.Equal(["10.200.0.254"], external.Gateways);
        Assert.Equal(["10.200.0.0/28", "10.200.0.100"], external.Excluded);
        Assert.Equal(["0.0.0.0/0"], external.Routes);
        Assert.Equal((2, TimeSpan.FromSeconds(1)), (external.ProbeCount, external.ProbeInterval));
    }

    [Fact]
    public void Remote_vlan_services_name_the_services_labels_and_via_the_device()
    {
        var options = NseKernelCmdOptions.FromEnvironment(Env.Of(
            ("NSM_SERVICES", "finance-bridge { vlan: 0; via: eth2; labels: tier=db&zone=a }, backup { via: eth2 }"),
            ("NSM_CIDR_PREFIX", "172.10.0.0/24")));
        Assert.Equal("eth2", options.External!.Device);
        Assert.Equal(["finance-bridge", "backup"], options.Endpoint.ServiceNames);
        Assert.Equal("db", options.Endpoint.Labels["tier"]);

        var explicitDevice = NseKernelCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICES", "x { via: gw1 }"), ("NSM_DEVICE_NAME", "eth1"), ("NSM_CIDR_PREFIX", "172.10.0.0/24")));
        Assert.Equal("eth1", explicitDevice.External!.Device);
    }

    [Theory]
    [InlineData(9000u, 1500u)]
    [InlineData(0u, 1500u)]
    [InlineData(1400u, 1400u)]
    public async Task The_connection_mtu_is_at_most_the_devices_and_the_mechanism_names_the_device(uint asked, uint expected)
    {
        var request = new NetworkServiceRequest
        {
            Connection = new Connection { Id = "c1", Mechanism = KernelMechanism.New("file:///proc/1/ns/net"), Context = new ConnectionContext { MTU = asked } },
        };
        var server = new MacvlanParentServer("eth1", _ => Task.FromResult(1500));

        var conn = await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext());

        Assert.Equal(expected, conn.Context.MTU);
        Assert.Equal("eth1", KernelMechanism.ToMechanism(conn.Mechanism)!.MacvlanParent);
    }

    [Theory]
    [InlineData("NSM_SERVICES", "finance-bridge { vlan: 100; via: eth1 }", "VLAN 100")]
    [InlineData("NSM_SERVICES", "finance-bridge { color: red }", "color")]
    [InlineData("NSM_GATEWAY", "10.9.9.9", "10.9.9.9")]
    [InlineData("NSM_PROBE_COUNT", "0", "NSM_PROBE_COUNT")]
    public void Bad_values_stop_the_program_naming_them(string name, string value, string named)
    {
        var error = Assert.Throws<NsmConfigurationException>(() => NseKernelCmdOptions.FromEnvironment(Env.Of(
            ("NSM_DEVICE_NAME", "eth1"), ("NSM_CIDR_PREFIX", "10.200.0.0/24"), (name, value))));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
