using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using static Nsm.Sdk.Tests.Common.Ipam.IpamTestKit;

namespace Nsm.Sdk.Tests.Common.Ipam;

public class Point2PointIpamServerTests
{
    [Fact]
    public async Task Upstream_pairs_are_allocated_lowest_first_and_reused_after_close()
    {
        var server = new Point2PointIpamServer("192.168.0.0/16");
        var c1 = await RequestIp(server, "c1");
        Assert.Equal(["192.168.0.1/32"], c1.SrcIpAddrs);
        Assert.Equal(["192.168.0.0/32"], c1.DstIpAddrs);
        Assert.Equal(["192.168.0.0/32"], RoutePrefixes(c1.SrcRoutes));
        Assert.Equal(["192.168.0.1/32"], RoutePrefixes(c1.DstRoutes));

        var c2 = await RequestIp(server, "c2");
        Assert.Equal(["192.168.0.3/32"], c2.SrcIpAddrs);
        Assert.Equal(["192.168.0.2/32"], c2.DstIpAddrs);

        await Close(server, "c1");
        var c3 = await RequestIp(server, "c3");
        Assert.Equal(["192.168.0.1/32"], c3.SrcIpAddrs);
        Assert.Equal(["192.168.0.0/32"], c3.DstIpAddrs);
    }

    [Fact]
    public async Task Upstream_excluded_addresses_are_skipped()
    {
        var server = new Point2PointIpamServer("192.168.1.0/24");
        string[] excluded = ["192.168.1.1/32", "192.168.1.3/32", "192.168.1.6/32"];
        (string Dst, string Src)[] expected = [("192.168.1.0/32", "192.168.1.2/32"), ("192.168.1.4/32", "192.168.1.5/32"), ("192.168.1.7/32", "192.168.1.8/32")];
        for (int i = 0; i < expected.Length; i++)
        {
            var ip = await RequestIp(server, $"c{i}", excluded);
            Assert.Equal([expected[i].Dst], ip.DstIpAddrs);
            Assert.Equal([expected[i].Src], ip.SrcIpAddrs);
        }
    }

    [Fact]
    public async Task Guide_shared_endpoint_gives_endpoint_dot1_and_clients_dot2_dot3_with_prefix_length()
    {
        var server = new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = ["10.100.1.0/24"], Mode = PointToPointMode.SharedEndpoint });
        var c1 = await RequestIp(server, "c1");
        Assert.Equal(["10.100.1.2/24"], c1.SrcIpAddrs);
        Assert.Equal(["10.100.1.1/24"], c1.DstIpAddrs);
        Assert.Equal(["10.100.1.2/32"], RoutePrefixes(c1.DstRoutes));
        var c2 = await RequestIp(server, "c2");
        Assert.Equal(["10.100.1.3/24"], c2.SrcIpAddrs);
        Assert.Equal(["10.100.1.1/24"], c2.DstIpAddrs);
    }

    [Fact]
    public async Task Refresh_keeps_addresses_and_writes_nothing_twice()
    {
        var server = new Point2PointIpamServer("10.0.0.0/24");
        var request = Request("c1");
        await RequestIp(server, request);
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.1/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.0/32"], ip.DstIpAddrs);
        Assert.Single(ip.SrcRoutes);
        Assert.Single(ip.DstRoutes);
    }

    [Fact]
    public async Task A_newly_excluded_address_replaces_the_lease_and_removes_the_old_one()
    {
        var server = new Point2PointIpamServer("10.0.0.0/24");
        var request = Request("c1");
        await RequestIp(server, request);
        request.Connection.Context.IpContext.ExcludedPrefixes.Add("10.0.0.0/32");
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.2/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.1/32"], ip.DstIpAddrs);
        Assert.Equal(["10.0.0.1/32"], RoutePrefixes(ip.SrcRoutes));
        Assert.Equal(["10.0.0.2/32"], RoutePrefixes(ip.DstRoutes));
    }

    [Fact]
    public async Task Stale_addresses_of_the_prefix_are_replaced_not_appended()
    {
        var server = new Point2PointIpamServer("10.0.0.0/24");
        await RequestIp(server, "other");
        var request = Request("c1");
        var ip0 = request.Connection.Context.IpContext;
        ip0.SrcIpAddrs.Add("10.0.0.1/32"); // held by "other": cannot be recovered
        ip0.DstIpAddrs.Add("10.0.0.0/32");
        ip0.SrcRoutes.Add(new Route { Prefix = "10.0.0.0/32" });
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.3/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.2/32"], ip.DstIpAddrs);
        Assert.Equal(["10.0.0.2/32"], RoutePrefixes(ip.SrcRoutes));
    }

    [Fact]
    public async Task Addresses_on_the_request_are_recovered_for_an_unknown_connection()
    {
        var server = new Point2PointIpamServer("10.0.0.0/24");
        var request = Request("c1");
        request.Connection.Context.IpContext.SrcIpAddrs.Add("10.0.0.9/32");
        request.Connection.Context.IpContext.DstIpAddrs.Add("10.0.0.8/32");
        var ip = await RequestIp(server, request);
        Assert.Equal(["10.0.0.9/32"], ip.SrcIpAddrs);
        Assert.Equal(["10.0.0.8/32"], ip.DstIpAddrs);
    }

    [Fact]
    public async Task A_failed_first_request_releases_but_a_failed_refresh_keeps()
    {
        var server = new Point2PointIpamServer("10.0.0.0/31");
        var failing = new NetworkServiceServerChain(server, new FailingTail());
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RequestAsync(Request("c1"), new NsmContext()).AsTask());
        Assert.Equal(0, server.Allocator.Count);

        var request = Request("c1");
        await RequestIp(server, request);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RequestAsync(request, new NsmContext()).AsTask());
        Assert.NotNull(server.Allocator.GetLease("c1"));
    }

    [Fact]
    public async Task Exhaustion_is_resource_exhausted_and_leaves_existing_connections_alone()
    {
        var server = new Point2PointIpamServer("10.0.0.0/31");
        var c1 = await RequestIp(server, "c1");
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => RequestIp(server, "c2"));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("10.0.0.0/31", e.Message, StringComparison.Ordinal);
        Assert.Equal("10.0.0.1/32", server.Allocator.GetLease("c1")!.SrcAddresses[0].ToString());
        Assert.Equal(["10.0.0.1/32"], (await RequestIp(server, Request("c1"))).SrcIpAddrs);
        Assert.Equal(["10.0.0.1/32"], c1.SrcIpAddrs);
    }

    [Fact]
    public async Task A_bad_excluded_prefix_is_invalid_argument()
    {
        var server = new Point2PointIpamServer("10.0.0.0/24");
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => RequestIp(server, "c1", "10.0.0.300/32")));
        Assert.Equal(0, server.Allocator.Count);
    }

    [Fact]
    public void A_bad_cidr_is_rejected_at_construction_naming_it()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Point2PointIpamServer("10.0.0.0/33"));
        Assert.Contains("10.0.0.0/33", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => new Point2PointIpamServer());
    }

    [Fact]
    public async Task Close_releases()
    {
        var server = new Point2PointIpamServer("10.0.0.0/31");
        await RequestIp(server, "c1");
        await Close(server, "c1");
        Assert.Equal(0, server.Allocator.Count);
        Assert.Equal(["10.0.0.1/32"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task Concurrent_connections_get_distinct_addresses_and_failures_do_not_disturb_them()
    {
        var server = new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = ["10.100.1.0/26"], Mode = PointToPointMode.SharedEndpoint });
        var results = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await RequestIp(server, $"c{i}")).SrcIpAddrs[0];
            }
            catch (NsmStatusException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return null;
            }
        })));
        var granted = results.Where(r => r is not null).ToArray();
        Assert.Equal(61, granted.Length); // .2 ... .62: network, broadcast and the endpoint .1 are held back
        Assert.Equal(granted.Length, granted.Distinct().Count());
        Assert.Equal(61, server.Allocator.Count);
    }
}
