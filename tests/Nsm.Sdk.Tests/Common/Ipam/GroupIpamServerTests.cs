using Nsm.Sdk.Common.Ipam.GroupIpam;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using static Nsm.Sdk.Tests.Common.Ipam.IpamTestKit;

namespace Nsm.Sdk.Tests.Common.Ipam;

public class GroupIpamServerTests
{
    [Fact]
    public async Task Each_group_gives_one_pair()
    {
        var server = new GroupIpamServer([["10.0.0.0/24"], ["fd00::/64"]]);
        var ip = await RequestIp(server, "c1");
        Assert.Equal(["10.0.0.1/32", "fd00::1/128"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.0/32", "fd00::/128"], ip.DstIpAddrs);
        Assert.Equal(["10.0.0.1/32", "fd00::1/128"], (await RequestIp(server, Request("c1"))).SrcIpAddrs);
        await Close(server, "c1");
        Assert.Equal(["10.0.0.1/32", "fd00::1/128"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task A_custom_ipam_per_group()
    {
        var server = new GroupIpamServer([["10.0.0.0/24"], ["10.1.0.0/24"]], p => new SinglePointIpamServer([.. p]));
        Assert.Equal(["10.0.0.1/24", "10.1.0.1/24"], (await RequestIp(server, "c1")).SrcIpAddrs);
    }

    [Fact]
    public void Bad_groups_are_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new GroupIpamServer([]));
        Assert.ThrowsAny<ArgumentException>(() => new GroupIpamServer([[]]));
        Assert.Contains("x/1", Assert.ThrowsAny<ArgumentException>(() => new GroupIpamServer([["x/1"]])).Message, StringComparison.Ordinal);
    }
}
