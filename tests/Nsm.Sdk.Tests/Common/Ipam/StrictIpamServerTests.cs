using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Common.Ipam.StrictIpam;
using static Nsm.Sdk.Tests.Common.Ipam.IpamTestKit;

namespace Nsm.Sdk.Tests.Common.Ipam;

public class StrictIpamServerTests
{
    [Fact]
    public async Task Addresses_of_a_previous_endpoint_are_dropped_with_their_routes()
    {
        var server = new StrictIpamServer("10.0.0.0/24");
        var request = Request("c1");
        var ip0 = request.Connection.Context.IpContext;
        ip0.SrcIpAddrs.Add("172.16.0.1/32");
        ip0.DstIpAddrs.Add("172.16.0.0/32");
        ip0.SrcRoutes.Add(new Route { Prefix = "172.16.0.0/32" });
        ip0.DstRoutes.Add(new Route { Prefix = "172.16.0.1/32" });
        ip0.SrcRoutes.Add(new Route { Prefix = "192.168.0.0/16" });
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.1/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.0/32"], ip.DstIpAddrs);
        Assert.Equal(["192.168.0.0/16", "10.0.0.0/32"], RoutePrefixes(ip.SrcRoutes));
        Assert.Equal(["10.0.0.1/32"], RoutePrefixes(ip.DstRoutes));
    }

    [Fact]
    public async Task Addresses_held_by_another_connection_are_dropped_but_a_refresh_keeps_its_own()
    {
        var server = new StrictIpamServer("10.0.0.0/24");
        await RequestIp(server, "c1");
        var request = Request("c2");
        request.Connection.Context.IpContext.SrcIpAddrs.Add("10.0.0.1/32");
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.3/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.3/32"], (await RequestIp(server, request)).SrcIpAddrs);
    }

    [Fact]
    public async Task Close_frees_and_a_custom_inner_ipam_is_used()
    {
        var server = new StrictIpamServer(p => new SinglePointIpamServer([.. p]), "10.0.0.0/24");
        Assert.Equal(["10.0.0.1/24"], (await RequestIp(server, "c1")).SrcIpAddrs);
        await Close(server, "c1");
        Assert.True(server.Filter.Accepts("c9", "10.0.0.1/24"));
    }

    [Fact]
    public void A_bad_cidr_is_rejected_at_construction()
    {
        Assert.Contains("10.0.0/24", Assert.ThrowsAny<ArgumentException>(() => new StrictIpamServer("10.0.0/24")).Message, StringComparison.Ordinal);
    }
}
