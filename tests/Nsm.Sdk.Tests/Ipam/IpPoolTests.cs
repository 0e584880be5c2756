using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class IpPoolTests
{
    private static IpAddr A(string s) => IpAddr.Parse(s);

    [Fact]
    public void Pulls_lowest_first_and_reuses_released()
    {
        var pool = IpPool.FromCidr("192.168.0.0/16");
        Assert.Equal(A("192.168.0.0"), pool.Pull());
        Assert.Equal(A("192.168.0.1"), pool.Pull());
        Assert.Equal(A("192.168.0.2"), pool.Pull());
        pool.Release(A("192.168.0.1"));
        Assert.Equal(A("192.168.0.1"), pool.Pull());
        Assert.Equal(A("192.168.0.3"), pool.Pull());
        Assert.Equal((UInt128)(65536 - 4), pool.FreeCount);
    }

    [Fact]
    public void Exclusions_are_skipped_and_stay_free()
    {
        var pool = IpPool.FromCidr("192.168.1.0/24");
        var ex = ExcludedPrefixes.Parse(["192.168.1.1/32", "192.168.1.3/32", "192.168.1.6/32"]);
        var (d1, s1) = pool.PullP2PAddrs(ex);
        var (d2, s2) = pool.PullP2PAddrs(ex);
        var (d3, s3) = pool.PullP2PAddrs(ex);
        Assert.Equal(["192.168.1.0", "192.168.1.2", "192.168.1.4", "192.168.1.5", "192.168.1.7", "192.168.1.8"],
            new[] { d1, s1, d2, s2, d3, s3 }.Select(a => a.ToString()));
        Assert.True(pool.Contains(A("192.168.1.1")));
        Assert.Equal(A("192.168.1.1"), pool.Pull());
    }

    [Fact]
    public void Permanent_exclude_and_add()
    {
        var pool = IpPool.FromCidr("10.0.0.0/29");
        pool.Exclude(IpCidr.Parse("10.0.0.0/30"));
        Assert.Equal(A("10.0.0.4"), pool.Pull());
        pool.Add(IpCidr.Parse("10.0.0.0/31"));
        Assert.Equal(A("10.0.0.0"), pool.Pull());
        Assert.False(pool.Contains(A("10.0.0.2")));
        Assert.True(pool.Contains(IpCidr.Parse("10.0.0.6/31")));
        Assert.False(pool.Contains(IpCidr.Parse("10.0.0.4/30")));
    }

    [Fact]
    public void Exhaustion_throws_a_clear_typed_error_and_takes_nothing()
    {
        var pool = IpPool.FromCidr("10.100.1.0/30");
        pool.PullMany(3);
        var ex = Assert.Throws<IpamExhaustedException>(() => pool.PullP2PAddrs());
        Assert.Contains("10.100.1.0/30", ex.Message, StringComparison.Ordinal);
        Assert.Equal("10.100.1.0/30", ex.PoolName);
        Assert.Equal(UInt128.One, pool.FreeCount);
        Assert.Equal(A("10.100.1.3"), pool.Pull());
        var ex2 = Assert.Throws<IpamExhaustedException>(() => pool.Pull());
        Assert.Equal("IPAM: no free address left in 10.100.1.0/30", ex2.Message);
    }

    [Fact]
    public void Pull_specific_address()
    {
        var pool = IpPool.FromCidr("10.0.0.0/24");
        Assert.Equal(A("10.0.0.42"), pool.PullIP(A("10.0.0.42")));
        Assert.Throws<IpamAddressUnavailableException>(() => pool.PullIP(A("10.0.0.42")));
        Assert.False(pool.TryPullIP(A("10.0.1.1")));
        Assert.False(pool.TryPullIP(A("10.0.0.7"), ExcludedPrefixes.Parse(["10.0.0.0/29"])));
        Assert.False(pool.TryPullIP(A("fd00::1")));
        Assert.Equal(A("10.0.0.0"), pool.Pull());
    }

    [Theory]
    [InlineData("10.0.0.0/32", 1)]
    [InlineData("10.0.0.0/31", 2)]
    [InlineData("10.0.0.0/30", 4)]
    [InlineData("fd00::/127", 2)]
    [InlineData("fd00::/128", 1)]
    public void Small_prefixes_hold_exactly_their_addresses(string cidr, int count)
    {
        var pool = IpPool.FromCidr(cidr);
        var prefix = IpCidr.Parse(cidr).Network;
        var all = pool.PullMany(count);
        Assert.All(all, a => Assert.True(prefix.Contains(a)));
        Assert.Equal(count, all.Distinct().Count());
        Assert.Throws<IpamExhaustedException>(() => pool.Pull());
    }

    [Fact]
    public void Large_prefixes_are_ranges_not_bitmaps()
    {
        var v4 = IpPool.FromCidr("10.0.0.0/8");
        var v6 = IpPool.FromCidr("fd00::/64");
        for (int i = 0; i < 1000; i++)
        {
            v4.Pull();
            v6.Pull();
        }

        Assert.Single(v4.GetFreeRanges());
        Assert.Equal(IpAddr.Parse("10.0.3.232"), v4.Pull());
        Assert.Equal(IpAddr.Parse("fd00::3e8"), v6.Pull());
        Assert.Equal(UInt128.One << 64, v6.FreeCount + (UInt128)1001);
        Assert.Equal(UInt128.MaxValue, new IpPool(IpCidr.Parse("::/0")).FreeCount);
    }

    [Fact]
    public void Full_ipv6_space_edges()
    {
        var pool = new IpPool(IpCidr.Parse("::/0"));
        pool.Exclude(IpAddr.Parse("::"), IpAddr.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"));
        Assert.Equal(IpAddr.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), pool.Pull());
        Assert.True(pool.IsEmpty);
        pool.Release(IpAddr.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        pool.Release(IpAddr.Parse("::"));
        Assert.Equal(2, pool.GetFreeRanges().Length);
    }

    [Fact]
    public void Rejects_the_wrong_family()
    {
        var pool = IpPool.FromCidr("10.0.0.0/24");
        Assert.Throws<ArgumentException>(() => pool.Release(IpAddr.Parse("fd00::1")));
        Assert.False(pool.Contains(IpAddr.Parse("::a00:1")));
    }

    [Fact]
    public async Task Concurrent_pulls_are_distinct()
    {
        var pool = IpPool.FromCidr("10.0.0.0/16");
        var results = new IpAddr[8][];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var mine = new IpAddr[500];
            for (int i = 0; i < mine.Length; i++)
            {
                mine[i] = pool.Pull();
                if (i % 3 == 0)
                {
                    pool.Release(mine[i]);
                    mine[i] = pool.Pull();
                }
            }

            results[t] = mine;
        })));
        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(4000, all.Distinct().Count());
        Assert.Equal((UInt128)(65536 - 4000), pool.FreeCount);
    }
}
