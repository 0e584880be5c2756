using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class PrefixPoolTests
{
    [Fact]
    public void Extracts_lowest_aligned_prefixes_and_reuses_released()
    {
        var pool = PrefixPool.FromCidr("172.16.0.0/16");
        var a = pool.Extract(24);
        var b = pool.Extract(24);
        var c = pool.Extract(23);
        Assert.Equal("172.16.0.0/24", a.ToString());
        Assert.Equal("172.16.1.0/24", b.ToString());
        Assert.Equal("172.16.2.0/23", c.ToString());
        pool.Release(a);
        Assert.Equal("172.16.4.0/23", pool.Extract(23).ToString());
        Assert.Equal("172.16.0.0/24", pool.Extract(24).ToString());
    }

    [Fact]
    public void Honours_permanent_and_per_call_exclusions()
    {
        var pool = PrefixPool.FromCidr("10.0.0.0/16");
        pool.Exclude(IpCidr.Parse("10.0.0.0/24"));
        var ex = ExcludedPrefixes.Parse(["10.0.1.128/25"]);
        Assert.Equal("10.0.2.0/24", pool.Extract(24, ex).ToString());
        Assert.Equal("10.0.1.0/24", pool.Extract(24).ToString());
        Assert.False(pool.TryPull(IpCidr.Parse("10.0.1.0/24")));
        Assert.True(pool.TryPull(IpCidr.Parse("10.0.200.0/24")));
        Assert.False(pool.Contains(IpCidr.Parse("10.0.200.0/25")));
    }

    [Fact]
    public void Exhaustion_and_bad_lengths()
    {
        var pool = PrefixPool.FromCidr("10.0.0.0/23");
        pool.Extract(24);
        pool.Extract(24);
        var ex = Assert.Throws<IpamExhaustedException>(() => pool.Extract(24));
        Assert.Equal("IPAM: no free /24 prefix left in 10.0.0.0/23", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Extract(16));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Extract(33));
    }

    [Fact]
    public void Ipv6_prefixes()
    {
        var pool = PrefixPool.FromCidr("fd00::/48");
        Assert.Equal("fd00::/64", pool.Extract(64).ToString());
        Assert.Equal("fd00:0:0:1::/64", pool.Extract(64).ToString());
        Assert.Equal("fd00:0:0:2::/63", pool.Extract(63).ToString());
    }
}
