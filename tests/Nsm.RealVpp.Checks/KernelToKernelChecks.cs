using System.Net;
using Nsm.Api.NetworkService;
using Nsm.RealVpp.Checks.Support;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.RealVpp.Checks;

/// <summary>Kernel NSC → VPP forwarder (af_packet on veth pairs) → kernel NSE, on a real VPP: ping and TCP both ways, then nothing left.</summary>
public sealed class KernelToKernelChecks
{
    private static NetworkServiceRequest Request(string nscNetNSUrl, string payload) => new()
    {
        Connection = new Connection
        {
            Id = "k2k-" + payload,
            NetworkService = "kernel2kernel",
            Payload = payload,
            Context = new ConnectionContext
            {
                IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/31" }, DstIpAddrs = { "172.16.1.100/31" } },
            },
        },
        MechanismPreferences = { KernelMechanism.New(nscNetNSUrl) },
    };

    [RealVppFact]
    public Task Ethernet_payload() => RunAsync("ETHERNET");

    [RealVppFact]
    public Task Ip_payload() => RunAsync("IP");

    private static async Task RunAsync(string payload)
    {
        await using var vpp = await Support.RealVpp.StartAsync();
        await using var pods = new Pods();
        var nsc = await pods.NewAsync();
        var nse = await pods.NewAsync();
        var endpoint = new KernelNse("file://" + nse.Path);
        var forwarder = VppForwarderHarness.Chain(vpp.Client, "10.0.2.1", endpoint);
        var context = VppForwarderHarness.NewContext("k2k");

        var connection = await forwarder.RequestAsync(Request("file://" + nsc.Path, payload), context);

        await Pods.AssertPingAsync(nsc, "172.16.1.100");
        await Pods.AssertPingAsync(nse, "172.16.1.101");
        await Pods.AssertPingAsync(nsc, "172.16.1.100", size: 8000); // jumbo: the veth MTU is 9000, af_packet frames 10240
        await Pods.AssertTcpAsync(nse, nsc, IPAddress.Parse("172.16.1.100"));
        await Pods.AssertTcpAsync(nsc, nse, IPAddress.Parse("172.16.1.101"));
        var interfaces = await vpp.CliAsync("show interface");
        Assert.Equal(2, interfaces.Split('\n').Count(l => l.StartsWith("host-vpp", StringComparison.Ordinal)));

        await forwarder.CloseAsync(connection, context);

        interfaces = await vpp.CliAsync("show interface");
        Assert.False(interfaces.Contains("host-", StringComparison.Ordinal), interfaces);
        Assert.Equal(1, endpoint.Closes);
        var (_, links) = await Pods.RunAsync("ip", "-o", "link", "show");
        Assert.DoesNotMatch(@"\d+: vpp[0-9a-f]{12}[@:]", links); // VPP's ends of the pairs
        var (_, podLinks) = await Pods.RunAsync("ip", "-n", nsc.DisplayName, "-o", "link", "show");
        Assert.DoesNotContain("nsm-1", podLinks, StringComparison.Ordinal);
    }
}
