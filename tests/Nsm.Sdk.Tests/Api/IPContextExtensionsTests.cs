using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Api;

public class IPContextExtensionsTests
{
    [Fact]
    public void Nets_keep_host_part_and_skip_garbage()
    {
        var ctx = new IPContext { SrcIpAddrs = { "10.0.0.5/24", "garbage", "", "fd00::5/64", "1.2.3.4" } };
        var nets = ctx.GetSrcIPNets();
        Assert.Equal(["10.0.0.5/24", "fd00::5/64"], nets.Select(n => n.ToString()));
    }

    [Fact]
    public void Src_ip_routes_skip_addresses_inside_dst_prefixes()
    {
        var ctx = new IPContext
        {
            SrcIpAddrs = { "10.0.0.1/32", "192.168.1.1/24", "fd00::1/128" },
            DstIpAddrs = { "192.168.1.2/24", "10.0.0.2/32" },
        };

        Assert.Equal(["10.0.0.1/32", "fd00::1/128"], ctx.GetSrcIPRoutes().Select(r => r.Prefix));
        Assert.All(ctx.GetSrcIPRoutes(), r => Assert.Equal(string.Empty, r.NextHop));
        Assert.Equal(["10.0.0.2/32"], ctx.GetDstIPRoutes().Select(r => r.Prefix));
    }

    [Fact]
    public void Ip_routes_of_null_or_empty_context_are_empty()
    {
        Assert.Empty(((IPContext?)null).GetSrcIPRoutes());
        Assert.Empty(new IPContext().GetDstIPRoutes());
    }

    [Fact]
    public void Src_routes_get_first_dst_ip_of_same_family_as_next_hop()
    {
        var ctx = new IPContext
        {
            DstIpAddrs = { "fd00::2/128", "172.16.0.2/32", "172.16.0.3/32" },
            SrcRoutes =
            {
                new Route { Prefix = "10.0.0.0/8" },
                new Route { Prefix = "2001:db8::/32" },
                new Route { Prefix = "192.168.0.0/16", NextHop = "172.16.0.254" },
                new Route { Prefix = "172.16.0.2/32" },
                new Route { Prefix = "bad" },
            },
        };

        var routes = ctx.GetSrcRoutesWithExplicitNextHop();
        Assert.Equal(
            ["10.0.0.0/8>172.16.0.2", "2001:db8::/32>fd00::2", "192.168.0.0/16>172.16.0.254", "172.16.0.2/32>", "bad>"],
            routes.Select(r => $"{r.Prefix}>{r.NextHop}"));

        // The input routes are not modified.
        Assert.Equal(string.Empty, ctx.SrcRoutes[0].NextHop);
    }

    [Fact]
    public void Dst_routes_use_src_ips_and_no_family_means_unchanged()
    {
        var ctx = new IPContext
        {
            SrcIpAddrs = { "172.16.0.1/32" },
            DstRoutes = { new Route { Prefix = "10.0.0.0/8" }, new Route { Prefix = "fd00::/8" } },
        };

        var routes = ctx.GetDstRoutesWithExplicitNextHop();
        Assert.Equal("172.16.0.1", routes[0].NextHop);
        Assert.Equal(string.Empty, routes[1].NextHop);
    }

    [Fact]
    public void Route_parse_helpers()
    {
        var route = new Route { Prefix = "10.1.2.3/16", NextHop = "10.1.0.1" };
        Assert.Equal(IPAddress.Parse("10.1.2.3"), route.GetPrefixIPNet()!.Value.IPAddress);
        Assert.Equal(16, route.GetPrefixIPNet()!.Value.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.1.0.1"), route.GetNextHopIP());
        Assert.Null(new Route { NextHop = "nope" }.GetNextHopIP());
        Assert.Null(new Route().GetPrefixIPNet());
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.5/8", "10.1.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.0.0.1/32", "10.0.0.1", true)]
    [InlineData("0.0.0.0/0", "1.2.3.4", true)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "fd00::1", false)]
    [InlineData("10.0.0.0/9", "10.128.0.1", false)]
    public void Cidr_contains(string cidr, string ip, bool expected) =>
        Assert.Equal(expected, IpCidr.ParseLenientOrNull(cidr)!.Value.Contains(IPAddress.Parse(ip)));

    [Theory]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/")]
    [InlineData("/24")]
    [InlineData("10.0.0.1/-1")]
    [InlineData("fd00::/129")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/+8")]
    public void Cidr_rejects(string text) => Assert.False(IpCidr.TryParseLenient(text, out _));
}
