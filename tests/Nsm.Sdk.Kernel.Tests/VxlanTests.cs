using System.Net;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class VxlanTests
{
    /// <summary>
    /// pod A --veth-- node A [bridge: veth + vxlan] ==veth underlay== node B [bridge: vxlan + veth] --veth-- pod B.
    /// </summary>
    [Fact]
    public async Task Two_pods_on_two_nodes_ping_over_vxlan_and_bridges()
    {
        await using var scope = new NetNsScope();
        var (podA, nlPodA) = await scope.CreateAsync();
        var (nodeA, nlNodeA) = await scope.CreateAsync();
        var (nodeB, nlNodeB) = await scope.CreateAsync();
        var (podB, nlPodB) = await scope.CreateAsync();

        await nlNodeA.AddLinkAsync(new VethLink("uplink", "uplink") { Namespace = nodeA, PeerNamespace = nodeB, Up = true });
        await nlNodeB.SetLinkUpAsync("uplink");
        await nlNodeA.AddAddressAsync("uplink", NetlinkPrefix.Parse("192.168.77.1/24"));
        await nlNodeB.AddAddressAsync("uplink", NetlinkPrefix.Parse("192.168.77.2/24"));

        await BuildNodeAsync(nlNodeA, nodeA, podA, nlPodA, "192.168.77.1", "192.168.77.2", "10.200.0.1/24");
        await BuildNodeAsync(nlNodeB, nodeB, podB, nlPodB, "192.168.77.2", "192.168.77.1", "10.200.0.2/24");

        var vx = await nlNodeA.GetLinkAsync("vx100");
        var br = await nlNodeA.GetLinkAsync("br0");
        Assert.Equal("vxlan", vx.Kind);
        Assert.Equal(br.Index, vx.MasterIndex);
        Assert.Equal(1450, vx.Mtu);
        await Shell.AssertPingAsync(podA.DisplayName, "10.200.0.2");
        await Shell.AssertPingAsync(podB.DisplayName, "10.200.0.1");
        var (_, details, _) = await Shell.InNsAsync(nodeA.DisplayName, "ip", "-d", "link", "show", "vx100");
        Assert.Contains("vxlan id 100 remote 192.168.77.2 local 192.168.77.1 dev uplink", details, StringComparison.Ordinal);
        Assert.Contains("dstport 4789", details, StringComparison.Ordinal);
    }

    private static async Task BuildNodeAsync(NetlinkHandle node, NetNs nodeNs, NetNs pod, NetlinkHandle podNl, string local, string remote, string podAddress)
    {
        var uplink = await node.GetLinkAsync("uplink");
        await node.AddLinkAsync(new BridgeLink("br0") { Up = true });
        var bridge = await node.GetLinkAsync("br0");
        await node.AddLinkAsync(new VxlanLink("vx100", 100)
        {
            Local = IPAddress.Parse(local),
            Remote = IPAddress.Parse(remote),
            UnderlyingIndex = uplink.Index,
            MasterIndex = bridge.Index,
            Mtu = 1450,
            Up = true,
        });
        await node.AddLinkAsync(new VethLink("pod", "nsm-1") { Namespace = nodeNs, PeerNamespace = pod, Mtu = 1450, Up = true });
        await node.SetMasterAsync("pod", "br0");
        await podNl.SetLinkUpAsync("nsm-1");
        await podNl.AddAddressAsync("nsm-1", NetlinkPrefix.Parse(podAddress));
    }
}
