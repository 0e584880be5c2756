using Nsm.Sdk.Builder;
using Nsm.Cmd.NseFirewall;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Passthrough;

namespace Nsm.Cmd.Tests;

public sealed class FirewallMappingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-fw-").FullName;

    [Fact]
    public void Defaults_are_upstreams_and_a_missing_default_acl_file_means_no_rules()
    {
        var options = FirewallCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAME", "firewall")));
        Assert.Equal("firewall-server", options.Name);
        Assert.Equal(["firewall"], options.ServiceNames);
        Assert.Equal("unix:///var/lib/networkservicemesh/nsm.io.sock", options.ConnectTo.ToString());
        Assert.True(options.Rules.IsEmpty);
        Assert.Null(options.AclConfigPath);
        Assert.Empty(options.Labels);
    }

    [Fact]
    public void Guide_variables_and_the_acl_file_concatenate_file_first()
    {
        var file = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(file, "allow icmp:\n  proto: 1\n  ispermit: 1\n  srcportoricmptypelast: 65535\n  dstportoricmpcodelast: 65535\n");
        var options = FirewallCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "fw-1"),
            ("NSM_NETWORK_SERVICES", "firewall-service"),
            ("NSM_LABELS", "app=firewall"),
            ("NSM_ACL_CONFIG_PATH", file),
            ("NSM_FIREWALL_RULES", "permit tcp any any port 80\ndeny ip any any\n")));

        Assert.Equal(["firewall-service"], options.ServiceNames);
        Assert.Equal(["allow icmp", null, null], options.Rules.Rules.Select(r => r.Name is { Length: > 0 } n ? n : null));
        Assert.Equal(AclAction.Deny, options.Rules.Rules[^1].Action);
        var registration = options.ToRegistrationOptions();
        Assert.Empty(registration.Services); // upstream registers no NS: the NS with its matches is the user's
        Assert.Equal("firewall", registration.Endpoint!.NetworkServiceLabels["firewall-service"].Labels["app"]);
        Assert.Equal("fw-1", registration.Endpoint!.Name);
    }

    [Fact]
    public void Endpoint_chain_is_mechanism_xconnect_acl_connect()
    {
        var options = FirewallCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAME", "firewall"), ("NSM_LABELS", "app=firewall")));
        var xconnect = new KernelXconnect();
        var endpoint = options.ToEndpointOptions("inode://4/4026531840", xconnect, NsmBuildContext.Default, new NftAclEnforcer(options.Rules));

        Assert.Same(xconnect.Server, endpoint.AdditionalFunctionality[1]);
        Assert.IsType<AclServer>(endpoint.AdditionalFunctionality[2]);
        Assert.IsType<ConnectServer>(endpoint.AdditionalFunctionality[^1]);
        var client = options.ToClientOptions("inode://4/4026531840", xconnect);
        Assert.False(client.Refresh);
        Assert.Equal(options.ConnectTo, client.ClientUrl);
        Assert.Contains(xconnect.Client, client.AdditionalFunctionality);
    }

    [Theory]
    [InlineData("NSM_FIREWALL_RULES", "permit tcp any any port 80\nallow everything", "NSM_FIREWALL_RULES line 2")]
    [InlineData("NSM_ACL_CONFIG_PATH", "/nonexistent/config.yaml", "NSM_ACL_CONFIG_PATH: /nonexistent/config.yaml does not exist")]
    public void Bad_rules_stop_the_program_with_the_variable_and_line(string name, string value, string expected)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => FirewallCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAME", "firewall"), (name, value))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_acl_file_names_its_line_and_no_service_is_an_error()
    {
        var file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, "allow tcp:\n  proto: 6\n  ispermit: maybe\n");
        var e = Assert.Throws<NsmConfigurationException>(() => FirewallCmdOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAME", "firewall"), ("NSM_ACL_CONFIG_PATH", file))));
        Assert.Contains($"NSM_ACL_CONFIG_PATH: {file} line 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<NsmConfigurationException>(() => FirewallCmdOptions.FromEnvironment(Env.Of()));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
