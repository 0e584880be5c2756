using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

public class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://example.org", "example.org", "")]
    [InlineData("spiffe://example.org/nsmgr", "example.org", "/nsmgr")]
    [InlineData("spiffe://k8s.nsm/ns/default/sa/nse-icmp_1.a-b", "k8s.nsm", "/ns/default/sa/nse-icmp_1.a-b")]
    [InlineData("spiffe://test.com/subject", "test.com", "/subject")]
    public void Parse_Valid_SplitsTrustDomainAndPath(string value, string trustDomain, string path)
    {
        var id = SpiffeId.Parse(value);

        Assert.Equal(trustDomain, id.TrustDomain);
        Assert.Equal(path, id.Path);
        Assert.Equal(value, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("spiffe://")]
    [InlineData("spiffe:///path")]
    [InlineData("SPIFFE://example.org/a")]
    [InlineData("https://example.org/a")]
    [InlineData("spiffe://Example.org/a")]
    [InlineData("spiffe://example.org:8080/a")]
    [InlineData("spiffe://user@example.org/a")]
    [InlineData("spiffe://example.org/")]
    [InlineData("spiffe://example.org/a/")]
    [InlineData("spiffe://example.org//a")]
    [InlineData("spiffe://example.org/./a")]
    [InlineData("spiffe://example.org/a/..")]
    [InlineData("spiffe://example.org/a?b=c")]
    [InlineData("spiffe://example.org/a#frag")]
    [InlineData("spiffe://example.org/a%20b")]
    public void TryParse_Invalid_ReturnsFalse(string? value)
    {
        Assert.False(SpiffeId.TryParse(value, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => SpiffeId.Parse("nsc"));
    }

    [Fact]
    public void FromSegments_BuildsPathAndEqualityIsByValue()
    {
        var id = SpiffeId.FromSegments("example.org", "ns", "default");

        Assert.Equal("spiffe://example.org/ns/default", id.ToString());
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/ns/default"), id);
        Assert.Throws<FormatException>(() => SpiffeId.FromSegments("example.org", "a/b", ".."));
    }
}
