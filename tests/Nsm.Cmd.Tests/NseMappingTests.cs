using Nsm.Cmd.NseIcmpResponder;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public class NseMappingTests
{
    [Fact]
    public void Defaults_serve_icmp_responder_from_the_link_local_range()
    {
        var options = NseCmdOptions.FromEnvironment(Env.Of());
        Assert.Equal("icmp-server", options.Name);
        Assert.Equal(["icmp-responder"], options.ServiceNames);
        Assert.Equal(["169.254.0.0/16"], Assert.Single(options.CidrGroups));
        Assert.True(options.RegisterService);
        Assert.False(options.UnregisterItself);
        Assert.Equal("ETHERNET", options.Payload);
    }

    [Fact]
    public void Variables_map_to_the_endpoint_and_its_registration()
    {
        var options = NseCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nse-1"),
            ("NSM_CONNECT_TO", "unix:///tmp/nsm.sock"),
            ("NSM_LISTEN_ON", "unix:///tmp/nse-1.sock"),
            ("NSM_NETWORK_SERVICES", "a,b"),
            ("NSM_CIDR_PREFIX", "[10.0.0.0/24,fd00::/64],10.1.0.0/24"),
            ("NSM_LABELS", "app=x"),
            ("NSM_PAYLOAD", "ip"),
            ("NSM_UNREGISTER_ITSELF", "true")));
        Assert.Equal(2, options.CidrGroups.Count);

        var endpoint = options.ToEndpointOptions("inode://4/4026531840");
        Assert.Equal("nse-1", endpoint.Name);
        Assert.Equal(2, endpoint.AdditionalFunctionality.OfType<Point2PointIpamServer>().Count());
        Assert.Single(endpoint.AdditionalFunctionality.OfType<MechanismsServer>());

        var registration = options.ToRegistrationOptions();
        registration.Validate();
        Assert.Equal(new Uri("unix:///tmp/nsm.sock"), registration.RegistryUrl);
        Assert.Equal("nse-1", registration.Endpoint!.Name);
        Assert.Equal("unix:///tmp/nse-1.sock", registration.Endpoint.Url);
        Assert.Equal(["a", "b"], registration.Endpoint.NetworkServiceNames);
        Assert.Equal("x", registration.Endpoint.NetworkServiceLabels["b"].Labels["app"]);
        Assert.Equal(["a", "b"], registration.Services.Select(s => s.Name));
        Assert.All(registration.Services, s => Assert.Equal("IP", s.Payload));
        Assert.True(registration.UnregisterOnStop);
    }

    [Fact]
    public void Register_service_false_registers_the_endpoint_only()
    {
        var registration = NseCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAMES", "svc"), ("NSM_REGISTER_SERVICE", "false"))).ToRegistrationOptions();
        Assert.Empty(registration.Services);
        Assert.False(registration.UnregisterOnStop);
    }

    [Theory]
    [InlineData("NSM_CIDR_PREFIX", "10.0.0.0")]
    [InlineData("NSM_CIDR_PREFIX", "[10.0.0.0/24")]
    [InlineData("NSM_PAYLOAD", "MPLS")]
    [InlineData("NSM_REGISTER_SERVICE", "maybe")]
    [InlineData("NSM_CONNECT_TO", "nowhere://x")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => NseCmdOptions.FromEnvironment(Env.Of((name, value))));
        Assert.StartsWith(name + ":", ex.Message, StringComparison.Ordinal);
    }
}
