using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class CidrParsingTests
{
    [Theory]
    [InlineData("10.100.1.0/24", "10.100.1.0/24")]
    [InlineData("10.100.1.7/24", "10.100.1.0/24")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("192.168.1.1/32", "192.168.1.1/32")]
    [InlineData("fd00::/64", "fd00::/64")]
    [InlineData("FD00:0:0:0:0:0:0:1/128", "fd00::1/128")]
    [InlineData("2001:db8::1:0:0:1/48", "2001:db8::/48")]
    [InlineData("::/0", "::/0")]
    [InlineData("::ffff:10.0.0.1/128", "::ffff:10.0.0.1/128")]
    public void Parses_valid_prefixes(string text, string expected) =>
        Assert.Equal(expected, IpCidr.Parse(text).Network.ToString());

    [Theory]
    [InlineData("10.100.1.2/24")]
    [InlineData("fd00::2/64")]
    [InlineData("2001:db8:0:1:1:1:1:1/128")]
    [InlineData("1::/16")]
    public void Cidr_round_trips(string text) => Assert.Equal(text, IpCidr.Parse(text).ToString());

    [Theory]
    [InlineData("10.100.1.0", "missing '/prefix-length'")]
    [InlineData("10.100.1.0/33", "out of range 0..32")]
    [InlineData("fd00::/129", "out of range 0..128")]
    [InlineData("10.100.1/24", "four decimal octets")]
    [InlineData("10.100.1.256/24", "four decimal octets")]
    [InlineData("010.100.1.0/24", "four decimal octets")]
    [InlineData("10.100.1.0/024", "prefix length")]
    [InlineData("10.100.1.0/+24", "prefix length")]
    [InlineData("10.100.1.0/", "prefix length")]
    [InlineData(" 10.100.1.0/24", "four decimal octets")]
    [InlineData("10.100.1.0/24 ", "prefix length")]
    [InlineData("0x0a.0.0.0/8", "four decimal octets")]
    [InlineData("fe80::1%eth0/64", "zones")]
    [InlineData("[fd00::]/64", "unexpected character")]
    [InlineData("fd00:::1/64", "not a valid IPv6")]
    [InlineData("::ffff:1.2.3/96", "embedded IPv4")]
    [InlineData("", "missing")]
    [InlineData("garbage", "missing")]
    [InlineData("garbage/8", "four decimal octets")]
    public void Rejects_bad_cidrs_with_a_message_naming_the_value(string text, string reason)
    {
        var ex = Assert.Throws<InvalidCidrException>(() => IpCidr.Parse(text));
        Assert.IsAssignableFrom<ArgumentException>(ex);
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(IpamValidation.IsValidCidr(text));
    }

    [Fact]
    public void Validation_can_require_the_network_address()
    {
        Assert.Equal("10.0.0.0/24", IpamValidation.ParseCidr("10.0.0.5/24").ToString());
        var ex = Assert.Throws<InvalidCidrException>(() => IpamValidation.ParseCidr("10.0.0.5/24", requireNetworkAddress: true, paramName: "NSM_CIDR_PREFIX"));
        Assert.Contains("10.0.0.0/24", ex.Message, StringComparison.Ordinal);
        Assert.Equal("NSM_CIDR_PREFIX", ex.ParamName);
        Assert.Throws<InvalidCidrException>(() => IpamValidation.ParseCidr(null));
    }

    [Fact]
    public void Address_conversions_match_system_net()
    {
        foreach (var text in new[] { "10.1.2.3", "255.255.255.255", "0.0.0.0", "fd00::1", "2001:db8:85a3::8a2e:370:7334", "::", "::1", "1:0:0:1::" })
        {
            var a = IpAddr.Parse(text);
            var sys = System.Net.IPAddress.Parse(text);
            Assert.Equal(sys, a.ToIPAddress());
            Assert.Equal(a, IpAddr.FromIPAddress(sys));
            Assert.Equal(sys.ToString(), a.ToString());
        }
    }

    [Fact]
    public void Prefix_containment()
    {
        var p = IpCidr.Parse("10.100.1.0/24");
        Assert.True(p.Contains(IpAddr.Parse("10.100.1.255")));
        Assert.False(p.Contains(IpAddr.Parse("10.100.2.0")));
        Assert.False(p.Contains(IpAddr.Parse("::a64:100")));
        Assert.True(p.Contains(IpCidr.Parse("10.100.1.128/25")));
        Assert.True(IpCidr.Parse("10.100.1.128/25").Overlaps(p));
        Assert.Equal((UInt128)256, p.AddressCount);
        Assert.Equal(UInt128.MaxValue, IpCidr.Parse("::/0").AddressCount);
    }
}
