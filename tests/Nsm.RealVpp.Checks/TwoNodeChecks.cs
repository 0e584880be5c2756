using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.RealVpp.Checks.Support;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Vpp.Uplink;

namespace Nsm.RealVpp.Checks;

/// <summary>
/// Two "nodes" (namespaces joined by a veth node network), a VPP and the forwarder-vpp chains on each, VPP on each
/// node's uplink (<see cref="VppUplink"/>): kernel NSC on node A → VXLAN or WireGuard between the two VPPs → kernel NSE
/// on node B. Ping and TCP both ways, only tunnel traffic on the node network, nothing left after Close.
/// </summary>
public sealed class TwoNodeChecks
{
    [RealVppFact]
    public Task Vxlan_between_two_vpps() => RunAsync(VxlanMechanism.MechanismType, "ETHERNET", "udp port 4789");

    [RealVppFact]
    public Task WireGuard_between_two_vpps() => RunAsync(WireguardMechanism.MechanismType, "IP", "udp port 51820");

    private static async Task RunAsync(string mechanism, string payload, string tunnelFilter)
    {
        await using var pods = new Pods();
        var nodeA = await pods.NewAsync("nsmva-");
        var nodeB = await pods.NewAsync("nsmvb-");
        await Pods.RunAsync("ip", "-n", nodeA.DisplayName, "link", "add", "uplink", "type", "veth", "peer", "name", "uplink", "netns", nodeB.DisplayName);
        await Pods.RunAsync("ip", "-n", nodeA.DisplayName, "addr", "add", "10.60.0.1/24", "dev", "uplink");
        await Pods.RunAsync("ip", "-n", nodeB.DisplayName, "addr", "add", "10.60.0.2/24", "dev", "uplink");
        await Pods.RunAsync("ip", "-n", nodeA.DisplayName, "link", "set", "uplink", "up");
        await Pods.RunAsync("ip", "-n", nodeB.DisplayName, "link", "set", "uplink", "up");
        await using var vppA = await Support.RealVpp.StartAsync(nodeA.DisplayName);
        await using var vppB = await Support.RealVpp.StartAsync(nodeB.DisplayName);
        Assert.NotNull(await VppUplink.AttachAsync(vppA.Client, IPAddress.Parse("10.60.0.1"), NullLogger.Instance, nodeA.Path, [4789, 51820]));
        Assert.NotNull(await VppUplink.AttachAsync(vppB.Client, IPAddress.Parse("10.60.0.2"), NullLogger.Instance, nodeB.Path, [4789, 51820]));
        using var portsA = await TunnelPortReservation.ReserveAsync(IPAddress.Parse("10.60.0.1"), [4789, 51820], nodeA.Path);
        using var portsB = await TunnelPortReservation.ReserveAsync(IPAddress.Parse("10.60.0.2"), [4789, 51820], nodeB.Path);
        var nsc = await pods.NewAsync();
        var nse = await pods.NewAsync();
        var endpoint = new KernelNse("file://" + nse.Path);
        var forwarderB = VppForwarderHarness.Chain(vppB.Client, "10.60.0.2", endpoint, nodeB.Path);
        var forwarderA = VppForwarderHarness.Chain(vppA.Client, "10.60.0.1", new RemoteHop(mechanism, forwarderB), nodeA.Path);
        var context = VppForwarderHarness.NewContext("two-node");
        var request = new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = "two-node-" + mechanism,
                NetworkService = "remote",
                Payload = payload,
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/31" }, DstIpAddrs = { "172.16.1.100/31" } } },
            },
            MechanismPreferences = { KernelMechanism.New("file://" + nsc.Path) },
        };

        var connection = await forwarderA.RequestAsync(request, context);

        await using (var capture = await Capture.StartAsync(nodeA, "uplink"))
        {
            await Pods.AssertPingAsync(nsc, "172.16.1.100");
            await Pods.AssertPingAsync(nse, "172.16.1.101");
            await Pods.AssertTcpAsync(nse, nsc, IPAddress.Parse("172.16.1.100"));
            var packets = await capture.StopAsync();
            // One line per packet on the wire (tcpdump prints a VXLAN packet's inner frame on lines of its own, without a time).
            var outer = packets.Where(p => p.Length > 0 && char.IsAsciiDigit(p[0])).ToList();
            Assert.NotEmpty(outer);
            Assert.All(outer, p => Assert.Contains("." + tunnelFilter.Split(' ')[^1], p, StringComparison.Ordinal));
        }

        await forwarderA.CloseAsync(connection, context);

        Assert.Equal(1, endpoint.Closes);
        foreach (var vpp in new[] { vppA, vppB })
        {
            var interfaces = (await vpp.CliAsync("show interface")).Split('\n').Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).Select(l => l.Split(' ')[0]).ToList();
            Assert.Equal(["host-uplink", "local0"], interfaces.Order());
        }

        foreach (var pod in new[] { nsc, nse })
        {
            var (_, links) = await Pods.RunAsync("ip", "-n", pod.DisplayName, "-o", "link", "show");
            Assert.DoesNotContain("nsm-", links, StringComparison.Ordinal);
        }
    }
}
