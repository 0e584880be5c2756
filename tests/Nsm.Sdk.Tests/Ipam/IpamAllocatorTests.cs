using Nsm.Sdk.Common.Ipam;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Tests.Common.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

/// <summary>What every <see cref="IIpamAllocator"/> strategy shares (the lease table), run against both of them.</summary>
public class IpamAllocatorTests
{
    public static TheoryData<string> Strategies => ["p2p", "p2p-shared", "single"];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Refresh_keeps_the_lease_and_release_frees_it(string strategy)
    {
        var ipam = Create(strategy, "10.0.0.0/24");
        var first = ipam.Allocate("a", null, null, ExcludedPrefixes.Empty);
        Assert.True(first.IsNew);
        Assert.Null(first.Replaced);
        Assert.Equal(1, ipam.Count);
        Assert.Same(first.Lease, ipam.GetLease("a"));

        var refresh = ipam.Allocate("a", null, null, ExcludedPrefixes.Empty);
        Assert.False(refresh.IsNew);
        Assert.Same(first.Lease, refresh.Lease);

        Assert.True(ipam.Release("a"));
        Assert.False(ipam.Release("a"));
        Assert.Null(ipam.GetLease("a"));
        Assert.Equal(0, ipam.Count);
        Assert.Equal(first.Lease.SrcAddresses[0], ipam.Allocate("b", null, null, ExcludedPrefixes.Empty).Lease.SrcAddresses[0]);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_newly_excluded_address_is_replaced_and_reported(string strategy)
    {
        var ipam = Create(strategy, "10.0.0.0/24");
        var first = ipam.Allocate("a", null, null, ExcludedPrefixes.Empty);
        var taken = first.Lease.SrcAddresses[0];
        var again = ipam.Allocate("a", null, null, ExcludedPrefixes.Parse([taken.Address.ToHostCidr().ToString()]));
        Assert.True(again.IsNew);
        Assert.Same(first.Lease, again.Replaced);
        Assert.NotEqual(taken, again.Lease.SrcAddresses[0]);
        Assert.Equal(1, ipam.Count);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Exhaustion_takes_nothing(string strategy)
    {
        var ipam = Create(strategy, "10.0.0.0/30");
        var served = 0;
        for (; served < 8; served++)
        {
            try
            {
                ipam.Allocate("c" + served, null, null, ExcludedPrefixes.Empty);
            }
            catch (IpamExhaustedException)
            {
                break;
            }
        }

        Assert.InRange(served, 1, 3);
        Assert.Equal(served, ipam.Count);
        Assert.Throws<IpamExhaustedException>(() => ipam.Allocate("late", null, null, ExcludedPrefixes.Empty));
        Assert.Equal(served, ipam.Count);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Ipv6_prefixes_are_served(string strategy)
    {
        var ipam = Create(strategy, "fd00::/64");
        var lease = ipam.Allocate("a", null, null, ExcludedPrefixes.Empty).Lease;
        Assert.All(lease.SrcAddresses, a => Assert.Equal(IpFamily.IPv6, a.Family));
        Assert.True(ipam.Prefixes[0].Contains(lease.SrcAddresses[0].Address));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Prefixes_given_with_host_bits_are_kept_as_their_networks(string strategy)
    {
        var ipam = Create(strategy, "10.1.0.9/24");
        Assert.Equal("10.1.0.0/24", ipam.Prefixes[0].ToString());
        Assert.All(ipam.Allocate("a", null, null, ExcludedPrefixes.Empty).Lease.SrcAddresses, a => Assert.True(ipam.Prefixes[0].Contains(a.Address)));
    }

    [Fact]
    public void Pools_and_filters_name_the_network_of_a_prefix_with_host_bits()
    {
        Assert.Equal("IpPool 10.4.0.0/24", new IpPool(IpCidr.Parse("10.4.0.9/24")).ToString());
        Assert.Equal("PrefixPool 10.5.0.0/16", new PrefixPool(IpCidr.Parse("10.5.0.9/16")).ToString());
        Assert.Equal("10.3.0.0/24", new StrictAddressFilter([IpCidr.Parse("10.3.0.9/24")]).Prefixes[0].ToString());
    }

    [Fact]
    public async Task The_server_works_over_any_allocator()
    {
        var allocator = new CountingAllocator(new SinglePointAllocator([IpCidr.Parse("10.1.0.0/24")]));
        var server = new IpamServer<CountingAllocator>(allocator);
        Assert.Equal(["10.1.0.1/24"], (await IpamTestKit.RequestIp(server, "x")).SrcIpAddrs);
        await IpamTestKit.Close(server, "x");
        Assert.Equal(1, allocator.Allocations);
        Assert.Equal(1, allocator.Releases);
        Assert.Equal(0, allocator.Count);
    }

    private static IIpamAllocator Create(string strategy, string cidr) => strategy switch
    {
        "p2p" => PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, cidr),
        "p2p-shared" => PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, cidr),
        _ => SinglePointAllocator.FromCidrs(cidr),
    };

    private sealed class CountingAllocator(IIpamAllocator inner) : IIpamAllocator
    {
        public int Allocations { get; private set; }

        public int Releases { get; private set; }

        public IReadOnlyList<IpCidr> Prefixes => inner.Prefixes;

        public int Count => inner.Count;

        public IpamAllocation Allocate(string connectionId, IReadOnlyList<string>? existingSrcAddrs, IReadOnlyList<string>? existingDstAddrs, ExcludedPrefixes exclude)
        {
            Allocations++;
            return inner.Allocate(connectionId, existingSrcAddrs, existingDstAddrs, exclude);
        }

        public bool Release(string connectionId)
        {
            Releases++;
            return inner.Release(connectionId);
        }

        public IpamLease? GetLease(string connectionId) => inner.GetLease(connectionId);
    }
}
