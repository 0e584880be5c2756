using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class PointToPointAllocatorTests
{
    private static string Src(IpamAllocation a) => a.Lease.SrcAddresses[0].ToString();

    private static string Dst(IpamAllocation a) => a.Lease.DstAddresses[0].ToString();

    [Fact]
    public void Pair_mode_allocates_like_upstream()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "192.168.0.0/16");
        var c1 = ipam.Allocate("conn1");
        Assert.True(c1.IsNew);
        Assert.Equal("192.168.0.0/32", Dst(c1));
        Assert.Equal("192.168.0.1/32", Src(c1));
        Assert.Equal("192.168.0.0/32", c1.Lease.SrcRoutes[0].ToString());
        Assert.Equal("192.168.0.1/32", c1.Lease.DstRoutes[0].ToString());
        var c2 = ipam.Allocate("conn2");
        Assert.Equal("192.168.0.2/32", Dst(c2));
        Assert.Equal("192.168.0.3/32", Src(c2));
        Assert.True(ipam.Release("conn1"));
        Assert.False(ipam.Release("conn1"));
        var c3 = ipam.Allocate("conn3");
        Assert.Equal("192.168.0.0/32", Dst(c3));
        Assert.Equal("192.168.0.1/32", Src(c3));
    }

    [Fact]
    public void Pair_mode_respects_excluded_prefixes()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "192.168.1.0/24");
        string[] ex = ["192.168.1.1/32", "192.168.1.3/32", "192.168.1.6/32"];
        var pairs = Enumerable.Range(1, 3).Select(i => ipam.Allocate($"c{i}", null, null, ex)).Select(a => (Dst(a), Src(a))).ToArray();
        Assert.Equal(("192.168.1.0/32", "192.168.1.2/32"), pairs[0]);
        Assert.Equal(("192.168.1.4/32", "192.168.1.5/32"), pairs[1]);
        Assert.Equal(("192.168.1.7/32", "192.168.1.8/32"), pairs[2]);
    }

    [Fact]
    public void Shared_endpoint_mode_matches_the_user_guide()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.1.0/24");
        Assert.Equal("10.100.1.1/24", ipam.EndpointAddresses[0].ToString());
        var a = ipam.Allocate("a");
        var b = ipam.Allocate("b");
        Assert.Equal("10.100.1.2/24", Src(a));
        Assert.Equal("10.100.1.1/24", Dst(a));
        Assert.Equal("10.100.1.3/24", Src(b));
        Assert.Equal("10.100.1.1/24", Dst(b));
        Assert.Empty(a.Lease.SrcRoutes);
        Assert.Equal("10.100.1.2/32", a.Lease.DstRoutes[0].ToString());
    }

    [Fact]
    public void Shared_endpoint_never_hands_out_network_or_broadcast()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.1.0/30");
        Assert.Equal("10.100.1.1/30", ipam.EndpointAddresses[0].ToString());
        Assert.Equal("10.100.1.2/30", Src(ipam.Allocate("a")));
        var ex = Assert.Throws<IpamExhaustedException>(() => ipam.Allocate("b"));
        Assert.StartsWith("IPAM: no free address left in 10.100.1.0/30", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 connection holds addresses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slash31_serves_exactly_one_client_with_a_clear_error_for_the_second()
    {
        var shared = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.0.0.0/31");
        var a = shared.Allocate("a");
        Assert.Equal("10.0.0.0/31", Dst(a));
        Assert.Equal("10.0.0.1/31", Src(a));
        var ex = Assert.Throws<IpamExhaustedException>(() => shared.Allocate("b"));
        Assert.StartsWith("IPAM: no free address left in 10.0.0.0/31", ex.Message, StringComparison.Ordinal);
        Assert.Same(a.Lease, shared.GetLease("a"));
        Assert.Null(shared.GetLease("b"));

        var pair = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/31");
        Assert.Equal("10.0.0.0/32", Dst(pair.Allocate("a")));
        Assert.Throws<IpamExhaustedException>(() => pair.Allocate("b"));
    }

    [Fact]
    public void Slash32_is_unusable()
    {
        var pair = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.7/32");
        var ex = Assert.Throws<IpamExhaustedException>(() => pair.Allocate("a"));
        Assert.Contains("10.0.0.7/32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.0.0.7/32"));
        Assert.Throws<ArgumentException>(() => PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "fd00::1/128"));
    }

    [Fact]
    public void Slash30_pair_mode_serves_two_connections()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.100.1.0/30");
        ipam.Allocate("a");
        var b = ipam.Allocate("b");
        Assert.Equal("10.100.1.3/32", Src(b));
        var ex = Assert.Throws<IpamExhaustedException>(() => ipam.Allocate("c"));
        Assert.StartsWith("IPAM: no free address left in 10.100.1.0/30", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ipam.Count);
        ipam.Release("a");
        Assert.Equal("10.100.1.1/32", Src(ipam.Allocate("c")));
    }

    [Fact]
    public void Ipv6_and_fallback_to_the_next_prefix()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/31", "fd00::/64");
        Assert.Equal("10.0.0.1/32", Src(ipam.Allocate("a")));
        var b = ipam.Allocate("b");
        Assert.Equal("fd00::/128", Dst(b));
        Assert.Equal("fd00::1/128", Src(b));

        var shared = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "fd00::/64");
        Assert.Equal("fd00::1/64", shared.EndpointAddresses[0].ToString());
        Assert.Equal("fd00::2/64", Src(shared.Allocate("a")));
    }

    [Fact]
    public void Ipv6_slash127_and_slash126_in_shared_mode()
    {
        var p127 = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "fd00::/127");
        Assert.Equal("fd00::/127", p127.EndpointAddresses[0].ToString());
        Assert.Equal("fd00::1/127", Src(p127.Allocate("a")));
        Assert.Throws<IpamExhaustedException>(() => p127.Allocate("b"));

        var p126 = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "fd00::/126");
        Assert.Equal("fd00::1/126", p126.EndpointAddresses[0].ToString());
        Assert.Equal("fd00::2/126", Src(p126.Allocate("a")));
        Assert.Equal("fd00::3/126", Src(p126.Allocate("b")));
        Assert.Throws<IpamExhaustedException>(() => p126.Allocate("c"));
    }

    [Fact]
    public void Refresh_keeps_addresses_and_is_not_new()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.1.0/24");
        var first = ipam.Allocate("a");
        ipam.Allocate("b");
        var again = ipam.Allocate("a", [Src(first)], [Dst(first)], ["172.16.0.0/12"]);
        Assert.False(again.IsNew);
        Assert.Null(again.Replaced);
        Assert.Same(first.Lease, again.Lease);
    }

    [Fact]
    public void Refresh_with_a_newly_excluded_address_replaces_the_lease()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/24");
        var first = ipam.Allocate("a");
        var moved = ipam.Allocate("a", [Src(first)], [Dst(first)], ["10.0.0.0/31"]);
        Assert.True(moved.IsNew);
        Assert.Same(first.Lease, moved.Replaced);
        Assert.Equal("10.0.0.2/32", Dst(moved));
        Assert.Equal("10.0.0.3/32", Src(moved));
        Assert.Equal("10.0.0.0/32", Dst(ipam.Allocate("b")));
    }

    [Fact]
    public void Addresses_already_on_the_request_are_recovered()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/24");
        var a = ipam.Allocate("restarted", ["10.0.0.9/32"], ["10.0.0.8/32"], ExcludedPrefixes.Empty);
        Assert.True(a.IsNew);
        Assert.Equal("10.0.0.8/32", Dst(a));
        Assert.Equal("10.0.0.9/32", Src(a));
        Assert.Equal("10.0.0.0/32", Dst(ipam.Allocate("other")));

        // Taken, outside, malformed or excluded addresses are not recovered.
        var b = ipam.Allocate("b", ["10.0.0.9/32", "bogus", "192.168.0.1/32"], ["10.0.0.50/32"], ExcludedPrefixes.Empty);
        Assert.Equal("10.0.0.2/32", Dst(b));
        var c = ipam.Allocate("c", ["10.0.0.61/32"], ["10.0.0.60/32"], ["10.0.0.60/32"]);
        Assert.Equal("10.0.0.4/32", Dst(c));
        Assert.True(ipam.Allocate("d", ["10.0.0.61/32"], ["10.0.0.60/32"], ExcludedPrefixes.Empty).Lease.SrcAddresses[0].ToString() == "10.0.0.61/32");

        var shared = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.1.0/24");
        Assert.Equal("10.100.1.7/24", Src(shared.Allocate("x", ["10.100.1.7/24"], ["10.100.1.1/24"], ExcludedPrefixes.Empty)));
        Assert.Equal("10.100.1.2/24", Src(shared.Allocate("y", ["10.100.1.1/24"], null, ExcludedPrefixes.Empty)));
    }

    [Fact]
    public void Shared_mode_skips_a_prefix_whose_endpoint_is_excluded()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.1.0/24");
        var ex = Assert.Throws<IpamExhaustedException>(() => ipam.Allocate("a", null, null, ["10.100.1.0/30"]));
        Assert.Contains("excludes the endpoint address", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ipam.Count);
    }

    [Fact]
    public void Bad_excluded_prefix_is_an_argument_error()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/24");
        var ex = Assert.Throws<InvalidCidrException>(() => ipam.Allocate("a", null, null, ["10.0.0.0/40"]));
        Assert.Contains("'10.0.0.0/40'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCidrException>(() => PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0/24"));
        Assert.Throws<ArgumentException>(() => new PointToPointAllocator([]));
    }

    [Fact]
    public async Task Concurrent_allocations_get_distinct_addresses()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.100.0.0/16");
        var leases = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
        {
            var a = ipam.Allocate($"c{i}");
            ipam.Allocate($"c{i}");
            return a.Lease.SrcAddresses[0];
        })));
        Assert.Equal(2000, leases.Distinct().Count());
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => ipam.Release($"c{i}"))));
        Assert.Equal(1000, ipam.Count);
        var held = Enumerable.Range(1000, 1000).Select(i => ipam.GetLease($"c{i}")!.SrcAddresses[0]).ToHashSet();
        Assert.Equal(1000, held.Count);
        Assert.DoesNotContain(ipam.Allocate("new").Lease.SrcAddresses[0], held);
    }

    [Fact]
    public void Managed_addresses()
    {
        var ipam = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/24", "fd00::/64");
        Assert.True(ipam.IsManaged(IpAddr.Parse("10.0.0.200")));
        Assert.True(ipam.IsManaged(IpAddr.Parse("fd00::5")));
        Assert.False(ipam.IsManaged(IpAddr.Parse("10.0.1.1")));
    }
}
