using Nsm.Cmd.Nsc;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public class NscMappingTests
{
    [Fact]
    public void Bare_service_names_get_one_interface_each()
    {
        var options = NscCmdOptions.FromEnvironment(Env.Of(("NSM_NETWORK_SERVICES", "a, kernel://b/eth7?app=x, c")));
        Assert.Equal(["nsm-1", "eth7", "nsm-3"], options.NetworkServices.Select(u => KernelMechanism.ToMechanism(u.Mechanism)!.InterfaceName));
        Assert.Equal("x", options.NetworkServices[1].Labels["app"]);
    }

    [Fact]
    public void Defaults_probe_the_data_plane_every_200_ms()
    {
        var options = NscCmdOptions.FromEnvironment(Env.Of(("NSM_NETWORK_SERVICES", "svc")));
        Assert.True(options.LivenessCheckEnabled);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.LivenessCheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LivenessCheckTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.LivenessEchoTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
        Assert.Equal(new Uri("unix:///var/lib/networkservicemesh/nsm.io.sock"), options.ConnectTo);
    }

    [Fact]
    public void Variables_map_to_the_client_and_heal_options()
    {
        var options = NscCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nsc-1"),
            ("NSM_CONNECT_TO", "unix:///tmp/nsm.sock"),
            ("NSM_NETWORK_SERVICES", "svc"),
            ("NSM_DIAL_TIMEOUT", "1s"),
            ("NSM_LIVENESS_CHECK_ENABLED", "false"),
            ("NSM_LIVENESS_CHECK_INTERVAL", "1.2s"),
            ("NSM_LIVENESS_CHECK_TIMEOUT", "300ms")));
        var heal = options.ToHealOptions((_, _) => ValueTask.FromResult(true));
        Assert.Null(heal.LivenessCheck);
        Assert.Equal(TimeSpan.FromMilliseconds(1200), heal.LivenessCheckInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(300), heal.LivenessCheckTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(150), options.LivenessEchoTimeout);

        var client = options.ToClientOptions(NullClient.Instance, "inode://4/1");
        client.Validate();
        Assert.Equal("nsc-1", client.Name);
        Assert.Equal(new Uri("unix:///tmp/nsm.sock"), client.ClientUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), client.DialTimeout);
        Assert.Same(NullClient.Instance, client.Heal);
        Assert.Single(client.AdditionalFunctionality);
    }

    [Theory]
    [InlineData("NSM_NETWORK_SERVICES", "")]
    [InlineData("NSM_LIVENESS_CHECK_INTERVAL", "0")]
    [InlineData("NSM_LIVENESS_CHECK_TIMEOUT", "-1s")]
    [InlineData("NSM_LIVENESS_CHECK_ENABLED", "sometimes")]
    [InlineData("NSM_REQUEST_TIMEOUT", "later")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var env = name == "NSM_NETWORK_SERVICES" ? Env.Of() : Env.Of(("NSM_NETWORK_SERVICES", "svc"), (name, value));
        var ex = Assert.Throws<NsmConfigurationException>(() => NscCmdOptions.FromEnvironment(env));
        Assert.StartsWith(name + ":", ex.Message, StringComparison.Ordinal);
    }
}
