using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class SinglePointAllocatorTests
{
    [Fact]
    public void One_address_per_connection_per_prefix_with_the_prefix_mask()
    {
        var ipam = SinglePointAllocator.FromCidrs("10.0.0.0/24", "fd00::/64");
        Assert.Equal(["10.0.0.0/24", "fd00::/64"], ipam.EndpointAddresses.Select(a => a.ToString()));
        var a = ipam.Allocate("a");
        Assert.Equal(["10.0.0.1/24", "fd00::1/64"], a.Lease.SrcAddresses.Select(x => x.ToString()));
        Assert.Empty(a.Lease.DstAddresses);
        Assert.Equal(["10.0.0.2/24", "fd00::2/64"], ipam.Allocate("b").Lease.SrcAddresses.Select(x => x.ToString()));
        Assert.Same(a.Lease, ipam.Allocate("a").Lease);
        ipam.Release("a");
        Assert.Equal("10.0.0.1/24", ipam.Allocate("c").Lease.SrcAddresses[0].ToString());
    }

    [Fact]
    public void Broadcast_is_not_handed_out_and_exhaustion_is_clean()
    {
        var ipam = SinglePointAllocator.FromCidrs("10.0.0.0/30", "fd00::/64");
        Assert.Equal("10.0.0.1/30", ipam.Allocate("a").Lease.SrcAddresses[0].ToString());
        Assert.Equal("10.0.0.2/30", ipam.Allocate("b").Lease.SrcAddresses[0].ToString());
        var ex = Assert.Throws<IpamExhaustedException>(() => ipam.Allocate("c"));
        Assert.StartsWith("IPAM: no free address left in 10.0.0.0/30", ex.Message, StringComparison.Ordinal);
        ipam.Release("a");
        Assert.Equal(["10.0.0.1/30", "fd00::1/64"], ipam.Allocate("d").Lease.SrcAddresses.Select(x => x.ToString()));
    }

    [Fact]
    public void Excluded_addresses_are_skipped_but_not_lost()
    {
        var ipam = SinglePointAllocator.FromCidrs("10.0.0.0/24");
        Assert.Equal("10.0.0.3/24", ipam.Allocate("a", null, ["10.0.0.0/31", "10.0.0.2/32"]).Lease.SrcAddresses[0].ToString());
        Assert.Equal("10.0.0.1/24", ipam.Allocate("b").Lease.SrcAddresses[0].ToString());
        var moved = ipam.Allocate("b", null, ["10.0.0.1/32"]);
        Assert.True(moved.IsNew);
        Assert.NotNull(moved.Replaced);
        Assert.Equal("10.0.0.2/24", moved.Lease.SrcAddresses[0].ToString());
    }
}

public class StrictAddressFilterTests
{
    [Fact]
    public void Drops_foreign_and_taken_addresses_keeps_own()
    {
        var strict = new StrictAddressFilter([IpCidr.Parse("10.0.0.0/24"), IpCidr.Parse("fd00::/64")]);
        var kept = new List<string>();
        var dropped = new List<string>();
        int n = strict.Filter("a", ["10.0.0.2/32", "172.16.0.1/32", "fd00::2/128", "junk"], kept, dropped);
        Assert.Equal(2, n);
        Assert.Equal(["10.0.0.2/32", "fd00::2/128"], kept);
        Assert.Equal(["172.16.0.1/32", "junk"], dropped);

        strict.Commit("a", ["10.0.0.2/32", "10.0.0.3/32"]);
        Assert.True(strict.Accepts("a", "10.0.0.2/32"));
        Assert.False(strict.Accepts("b", "10.0.0.2/32"));
        Assert.True(strict.Accepts("b", "10.0.0.4/32"));

        strict.Commit("a", ["10.0.0.3/32"]);
        Assert.True(strict.Accepts("b", "10.0.0.2/32"));
        Assert.True(strict.Release("a"));
        Assert.True(strict.Accepts("b", "10.0.0.3/32"));
        Assert.False(strict.Release("a"));
    }
}
