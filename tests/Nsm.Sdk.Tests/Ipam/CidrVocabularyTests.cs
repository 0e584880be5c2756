using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

/// <summary>
/// The CIDR vocabulary: one <see cref="IpCidr"/> for an address with its length (<c>10.100.1.2/24</c>) and for a network
/// (<c>10.100.1.0/24</c>, its <see cref="IpCidr.Network"/>).
/// </summary>
public class CidrVocabularyTests
{
    [Theory]
    [InlineData("10.100.1.2/24", "10.100.1.2/24", "10.100.1.0/24")]
    [InlineData("fd00::2/64", "fd00::2/64", "fd00::/64")]
    [InlineData("2001:DB8::1:5/48", "2001:db8::1:5/48", "2001:db8::/48")]
    [InlineData("::1/128", "::1/128", "::1/128")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0")]
    public void Cidr_parse_format_and_network(string text, string formatted, string network)
    {
        var cidr = IpCidr.Parse(text);
        Assert.Equal(formatted, cidr.ToString());
        Assert.Equal(network, cidr.Network.ToString());
        Assert.Equal(formatted == network, cidr.IsNetwork);
        Assert.True(cidr.Network.IsNetwork);
        Assert.Equal(cidr.NetworkAddress, cidr.Network.Address);
        Assert.Equal(cidr.PrefixLength, cidr.Network.PrefixLength);
        Assert.Equal(cidr.Network, cidr.Network.Network);
        Assert.True(IpCidr.TryParse(text, out var again));
        Assert.Equal(cidr, again);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.0/9", "10.128.0.1", false)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/16", "fd01::1", false)]
    [InlineData("2001:db8::/127", "2001:db8::1", true)]
    [InlineData("2001:db8::/128", "2001:db8::1", false)]
    [InlineData("fd00::/8", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "fd00::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    public void Prefix_contains(string prefix, string address, bool expected) =>
        Assert.Equal(expected, IpCidr.Parse(prefix).Contains(IpAddr.Parse(address)));

    [Theory]
    [InlineData("10.100.1.2/24", "10.100.1.0/24", "10.100.1.0", "10.100.1.255", 256)]
    [InlineData("fd00:1::1234/112", "fd00:1::/112", "fd00:1::", "fd00:1::ffff", 65536)]
    [InlineData("10.0.0.7/32", "10.0.0.7/32", "10.0.0.7", "10.0.0.7", 1)]
    public void Subnet_queries_ignore_host_bits(string text, string network, string first, string last, int count)
    {
        var cidr = IpCidr.Parse(text);
        var net = IpCidr.Parse(network);
        Assert.Equal(net, cidr.Network);
        Assert.Equal(IpAddr.Parse(first), cidr.First);
        Assert.Equal(IpAddr.Parse(last), cidr.Last);
        Assert.Equal(net.Range, cidr.Range);
        Assert.Equal((UInt128)count, cidr.AddressCount);
        Assert.True(cidr.Contains(net) && net.Contains(cidr) && cidr.Overlaps(net));
        Assert.True(cidr.Contains(cidr.Last));
        Assert.Equal(text == network, cidr == net);
    }

    [Fact]
    public void Ipv6_prefix_edges_and_containment_of_prefixes()
    {
        var p = IpCidr.Parse("fd00:1::/112");
        Assert.Equal("fd00:1::", p.First.ToString());
        Assert.Equal("fd00:1::ffff", p.Last.ToString());
        Assert.Equal((UInt128)65536, p.AddressCount);
        Assert.True(p.Contains(IpCidr.Parse("fd00:1::100/120")));
        Assert.False(IpCidr.Parse("fd00:1::100/120").Contains(p));
        Assert.True(p.Overlaps(IpCidr.Parse("fd00::/16")));
    }

    [Theory]
    [InlineData("fd00::/129")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("10.1/8")]
    public void Malformed_cidrs_are_rejected(string text)
    {
        Assert.False(IpCidr.TryParse(text, out _));
        Assert.Throws<InvalidCidrException>(() => IpCidr.Parse(text));
    }

    [Theory]
    [InlineData("10.1/16", "10.0.0.1/16")]
    [InlineData("10.0.0.1/008", "10.0.0.1/8")]
    [InlineData("10.1.2/24", "10.1.0.2/24")]
    public void Lenient_form_accepts_what_contexts_carry_and_strict_does_not(string text, string formatted)
    {
        Assert.False(IpCidr.TryParse(text, out _));
        Assert.True(IpCidr.TryParseLenient(text, out var cidr));
        Assert.Equal(formatted, cidr.ToString());
        Assert.Equal(cidr, IpCidr.ParseLenient(text));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("10.0.0.1/33")]
    [InlineData("")]
    public void Lenient_form_still_rejects_bare_addresses_zones_and_bad_lengths(string text)
    {
        Assert.Null(IpCidr.ParseLenientOrNull(text));
        Assert.Throws<InvalidCidrException>(() => IpCidr.ParseLenient(text));
    }

    [Theory]
    [InlineData("10.0.0.5/24", "10.0.0.200", true)]
    [InlineData("10.0.0.5/24", "::ffff:10.0.0.200", true)]
    [InlineData("::ffff:10.0.0.0/120", "10.0.0.9", true)]
    [InlineData("::ffff:10.0.0.0/120", "10.0.1.9", false)]
    public void Contains_treats_ipv4_mapped_ipv6_as_ipv4(string cidr, string address, bool expected)
    {
        var c = IpCidr.ParseLenient(cidr);
        Assert.Equal(expected, c.Contains(System.Net.IPAddress.Parse(address)));
        Assert.Equal(c, IpCidr.FromIPAddress(c.IPAddress, c.PrefixLength));
    }
}
