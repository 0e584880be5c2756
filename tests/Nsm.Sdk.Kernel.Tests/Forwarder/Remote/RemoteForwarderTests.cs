using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Forwarder.Remote;

/// <summary>Remote connections between two or three "nodes" on this machine (runs as root; the test's namespaces only).</summary>
public sealed class RemoteForwarderTests
{
    [Theory]
    [InlineData(Payloads.IP)]
    [InlineData(Payloads.Ethernet)]
    public async Task Vxlan_PingAndTcpBothWays_RefreshKeepsIt_CloseLeavesNothing(string payload)
    {
        await using var net = await NodeNetwork.CreateAsync(2, (_, o) => o with { Priority = [VxlanMechanism.MechanismType] });
        var (a, b) = (net.Nodes[0], net.Nodes[1]);

        var conn = await net.RequestAsync(0, 1, "conn-1", payload);

        var nsc = await a.PodNl.GetLinkAsync("nsm-1");
        var nse = await b.PodNl.GetLinkAsync("nse-1");
        Assert.Equal("vxlan", nsc.Kind);
        Assert.Equal("vxlan", nse.Kind);
        Assert.Equal(1450, nsc.Mtu);
        Assert.Equal(1450, nse.Mtu);
        Assert.Equal(1450u, conn.Context.MTU);
        var (_, details, _) = await Shell.InNsAsync(a.Pod.DisplayName, "ip", "-d", "link", "show", "nsm-1");
        var vni = VniOf(details);
        Assert.Equal(0u, vni % 2); // 192.168.231.1 <= .2: the client's side is even
        Assert.Contains("remote 192.168.231.2 local 192.168.231.1", details, StringComparison.Ordinal);
        Assert.Contains("dstport 4789", details, StringComparison.Ordinal);
        Assert.Contains(await a.PodNl.ListAddressesAsync("nsm-1"), x => x.Prefix.ToString() == "172.16.1.101/31");
        Assert.Contains(await b.PodNl.ListAddressesAsync("nse-1"), x => x.Prefix.ToString() == "172.16.1.100/31");

        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await Shell.AssertPingAsync(b.Pod.DisplayName, "172.16.1.101");
        await TcpProbe.AssertRoundTripAsync(b.Pod, "172.16.1.100", a.Pod);
        await TcpProbe.AssertRoundTripAsync(a.Pod, "172.16.1.101", b.Pod);
        Assert.DoesNotContain(await a.Nl.ListLinksAsync(), l => l.Kind == "vxlan"); // the devices are the pods', the sockets the nodes'

        // Refresh: nothing changes.
        conn = await net.RequestAsync(0, 1, "conn-1", payload, refresh: conn);
        Assert.Equal(nsc.Index, (await a.PodNl.GetLinkAsync("nsm-1")).Index);
        Assert.Equal(nse.Index, (await b.PodNl.GetLinkAsync("nse-1")).Index);

        await net.CloseAsync(0, 1, conn);
        await AssertNothingLeftAsync(net);
    }

    [Fact]
    public async Task ThreeNodes_TwoServersDrawTheSameVni_TheClientAsksForAnother_BothCarryTraffic()
    {
        // B and C draw from the same seeded sequence: both give node A's first connection the same VNI, which A's
        // vxlan socket could not tell apart.
        await using var net = await NodeNetwork.CreateAsync(3, (i, o) => o with { Priority = [VxlanMechanism.MechanismType], Random = i == 0 ? null : new Random(7) });
        var (a, b, c) = (net.Nodes[0], net.Nodes[1], net.Nodes[2]);

        var toB = await net.RequestAsync(0, 1, "conn-b", Payloads.IP, nscName: "nsm-b");
        var toC = await net.RequestAsync(0, 2, "conn-c", Payloads.IP, nscName: "nsm-c", subnet: "172.16.2");

        var vniB = VniOf((await Shell.InNsAsync(a.Pod.DisplayName, "ip", "-d", "link", "show", "nsm-b")).Out);
        var vniC = VniOf((await Shell.InNsAsync(a.Pod.DisplayName, "ip", "-d", "link", "show", "nsm-c")).Out);
        Assert.NotEqual(vniB, vniC);
        Assert.Equal(vniC, VniOf((await Shell.InNsAsync(c.Pod.DisplayName, "ip", "-d", "link", "show", "nse-1")).Out));
        Assert.Equal(2, a.Remote.VniCount);

        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.2.100");
        await Shell.AssertPingAsync(c.Pod.DisplayName, "172.16.2.101");

        await net.CloseAsync(0, 1, toB);
        await net.CloseAsync(0, 2, toC);
        await AssertNothingLeftAsync(net);
    }

    [Fact]
    public async Task HealedOntoAnotherNode_TheClientsDeviceIsReplaced_AndReachesTheNewNse()
    {
        await using var net = await NodeNetwork.CreateAsync(3, (_, o) => o with { Priority = [VxlanMechanism.MechanismType] });
        var (a, b, c) = (net.Nodes[0], net.Nodes[1], net.Nodes[2]);
        var conn = await net.RequestAsync(0, 1, "conn-h", Payloads.IP);
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");

        // The connection heals onto an NSE on C under the same id (B's side then expires; here it is closed on B alone).
        conn = await net.RequestAsync(0, 2, "conn-h", Payloads.IP, refresh: conn);
        await net.CloseOnRemoteAsync(1, conn);

        var (_, details, _) = await Shell.InNsAsync(a.Pod.DisplayName, "ip", "-d", "link", "show", "nsm-1");
        Assert.Contains("remote 192.168.231.3", details, StringComparison.Ordinal);
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await Shell.AssertPingAsync(c.Pod.DisplayName, "172.16.1.101");
        Assert.Null(await b.PodNl.TryGetLinkAsync("nse-1"));

        await net.CloseAsync(0, 2, conn);
        await AssertNothingLeftAsync(net);
    }

    [Fact]
    public async Task StaleDeviceInThePod_IsReplaced_AndAGonePodMakesCloseQuiet()
    {
        await using var net = await NodeNetwork.CreateAsync(2, (_, o) => o with { Priority = [VxlanMechanism.MechanismType] });
        var (a, b) = (net.Nodes[0], net.Nodes[1]);
        await a.PodNl.AddLinkAsync(new VxlanLink("nsm-1", 4242) { Remote = b.Address, Port = 4789 }); // a stale device of an earlier life

        var conn = await net.RequestAsync(0, 1, "conn-s", Payloads.IP);
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");

        // The NSE's pod is gone: Close still works and frees everything.
        await Shell.RunAsync("ip", "netns", "del", b.Pod.DisplayName);
        await net.CloseAsync(0, 1, conn);
        Assert.Equal(0, a.Remote.Count + b.Remote.Count);
        Assert.Null(await a.PodNl.TryGetLinkAsync("nsm-1"));
    }

    [Fact]
    public async Task NoRemoteMechanismToOffer_FailsClearly_AndLeavesNothing()
    {
        await using var net = await NodeNetwork.CreateAsync(2, (i, o) => o with { Priority = [WireguardMechanism.MechanismType] });

        var error = await Assert.ThrowsAsync<Nsm.Sdk.Core.NsmStatusException>(() => net.RequestAsync(0, 1, "conn-x", Payloads.Ethernet)); // WireGuard carries IP only

        Assert.Contains("no remote mechanism", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(net);
    }

    private static uint VniOf(string details)
    {
        var match = System.Text.RegularExpressions.Regex.Match(details, @"vxlan id (\d+)");
        Assert.True(match.Success, details);
        return uint.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AssertNothingLeftAsync(NodeNetwork net)
    {
        foreach (var node in net.Nodes)
        {
            Assert.Equal(0, node.Remote.Count);
            Assert.Equal(0, node.Remote.VniCount);
            Assert.DoesNotContain(await node.PodNl.ListLinksAsync(), l => l.Name != "lo");
            Assert.DoesNotContain(await node.Nl.ListLinksAsync(), l => l.Kind is "vxlan" or "wireguard" or "tun");
        }
    }
}
