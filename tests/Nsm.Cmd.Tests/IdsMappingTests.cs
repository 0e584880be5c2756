using Nsm.Sdk.Builder;
using IdsEndpoint;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Flows;
using Nsm.Sdk.Kernel.Passthrough;

namespace Nsm.Cmd.Tests;

/// <summary>examples/IdsEndpoint: env → options (nsmctl runs it for images named <c>…ids-endpoint</c>).</summary>
public sealed class IdsMappingTests
{
    [Fact]
    public void Defaults_serve_ids_service_with_no_signatures()
    {
        var options = IdsOptions.FromEnvironment(Env.Of());
        Assert.Equal("ids-endpoint", options.Name);
        Assert.Equal([IdsOptions.DefaultService], options.ServiceNames);
        Assert.Equal("ids-service", IdsOptions.DefaultService);
        Assert.Equal("unix:///var/lib/networkservicemesh/nsm.io.sock", options.ConnectTo.ToString());
        Assert.True(options.Signatures.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.Equal("nsm-ids", options.ToWatchOptions().TableName);
    }

    [Fact]
    public void Signatures_are_firewall_rule_lines_with_deny_implied()
    {
        var options = IdsOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "ids-1"),
            ("NSM_NETWORK_SERVICES", "secure-path"),
            ("NSM_LABELS", "app=ids"),
            ("NSM_IDS_POLL_INTERVAL", "250ms"),
            ("NSM_IDS_DROP", "tcp any any port 22\n# ssh above, dns below\ndeny udp any 10.0.0.0/8 port 53\n")));

        Assert.Equal(["secure-path"], options.ServiceNames);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollInterval);
        Assert.Equal([(AclAction.Deny, AclProtocol.Tcp, 1), (AclAction.Deny, AclProtocol.Udp, 3)], options.Signatures.Rules.Select(r => (r.Action, r.Protocol, r.Line)));
        Assert.Equal("deny tcp any any port 22", options.Signatures.Rules[0].ToString());
        var registration = options.ToRegistrationOptions();
        Assert.Empty(registration.Services);
        Assert.Equal("ids", registration.Endpoint!.NetworkServiceLabels["secure-path"].Labels["app"]);
        Assert.Equal("ids-1", registration.Endpoint!.Name);
    }

    [Theory]
    [InlineData("permit tcp any any port 80", "NSM_IDS_DROP line 1: a signature drops")]
    [InlineData("tcp any any port 22\ntcp any nowhere", "NSM_IDS_DROP line 2")]
    public void Bad_signatures_stop_the_program_with_the_line(string drop, string expected)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => IdsOptions.FromEnvironment(Env.Of(("NSM_IDS_DROP", drop))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_chain_is_mechanism_xconnect_flow_watch_connect()
    {
        var options = IdsOptions.FromEnvironment(Env.Of(("NSM_LABELS", "app=ids")));
        var xconnect = new KernelXconnect();
        var passthrough = options.ToPassthrough("inode://4/4026531840");
        var endpoint = passthrough.ToEndpointOptions(xconnect, NsmBuildContext.Default, new FlowWatchServer(new NftFlowWatch(options.ToWatchOptions())));

        Assert.Same(xconnect.Server, endpoint.AdditionalFunctionality[1]);
        Assert.IsType<FlowWatchServer>(endpoint.AdditionalFunctionality[2]);
        Assert.IsType<ConnectServer>(endpoint.AdditionalFunctionality[^1]);
        var client = passthrough.ToClientOptions(xconnect);
        Assert.False(client.Refresh);
        Assert.Equal(options.ConnectTo, client.ClientUrl);
        Assert.Contains(xconnect.Client, client.AdditionalFunctionality);
    }
}
