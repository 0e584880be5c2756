using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Routes;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Common.Routes;

public class RoutesTests
{
    private static NetworkServiceRequest Request() => new() { Connection = new Connection { Id = "c1" } };

    private static async Task<IPContext> Run(INetworkServiceServer server, NetworkServiceRequest? request = null)
    {
        var conn = await new NetworkServiceServerChain(server).RequestAsync(request ?? Request(), new NsmContext());
        return conn.Context.IpContext;
    }

    [Fact]
    public async Task Configured_routes_are_added_once()
    {
        var server = new RoutesServer(new RoutesServerOptions
        {
            SrcRoutes = [new Route { Prefix = "10.100.1.0/24" }],
            DstRoutes = [new Route { Prefix = "172.16.0.0/16", NextHop = "10.0.0.1" }],
        });
        var request = Request();
        await Run(server, request);
        var ip = await Run(server, request);
        Assert.Equal(["10.100.1.0/24"], ip.SrcRoutes.Select(r => r.Prefix));
        Assert.Equal("10.0.0.1", Assert.Single(ip.DstRoutes).NextHop);
    }

    [Fact]
    public void A_bad_route_prefix_is_rejected_at_construction()
    {
        Assert.Contains("10.0.0.0/40", Assert.ThrowsAny<ArgumentException>(() => new RoutesServer("10.0.0.0/40")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policies_are_replaced_and_their_from_addresses_follow()
    {
        PolicyRoute[] current = [new PolicyRoute { From = "172.16.2.1/24", Proto = "6", DstPort = "80", Routes = { new Route { Prefix = "172.16.3.0/24" } } }];
        var server = new PolicyRouteServer(() => current);
        var request = Request();
        request.Connection.Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "10.0.0.1/32" } } };
        var ip = await Run(server, request);
        Assert.Equal(["10.0.0.1/32", "172.16.2.1/24"], ip.SrcIpAddrs);
        Assert.Equal("80", Assert.Single(ip.Policies).DstPort);

        current = [new PolicyRoute { From = "172.16.9.1/24" }, new PolicyRoute { Proto = "17" }];
        ip = await Run(server, request);
        Assert.Equal(["10.0.0.1/32", "172.16.9.1/24"], ip.SrcIpAddrs);
        Assert.Equal(2, ip.Policies.Count);

        current = [];
        ip = await Run(server, request);
        Assert.Equal(["10.0.0.1/32"], ip.SrcIpAddrs);
        Assert.Empty(ip.Policies);
    }

    [Fact]
    public async Task Explicit_next_hops_come_from_the_other_side_of_the_link()
    {
        var chain = new NetworkServiceServerChain(
            new RoutesServer("10.100.1.0/24", "192.168.0.0/16"),
            new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = ["10.100.1.0/24"], Mode = PointToPointMode.SharedEndpoint }));
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        var ip = ExplicitNextHop.WithExplicitNextHops(conn.Context.IpContext);
        Assert.Equal("", ip.SrcRoutes.Single(r => r.Prefix == "10.100.1.0/24").NextHop);
        Assert.Equal("10.100.1.1", ip.SrcRoutes.Single(r => r.Prefix == "192.168.0.0/16").NextHop);
        Assert.Equal("", Assert.Single(ip.DstRoutes).NextHop); // 10.100.1.2/32 lies inside the client net 10.100.1.2/24: direct
        Assert.All(conn.Context.IpContext.SrcRoutes, r => Assert.Equal("", r.NextHop));
    }
}
