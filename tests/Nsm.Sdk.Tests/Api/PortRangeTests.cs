using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Api;

public class PortRangeTests
{
    [Fact]
    public void Empty_is_no_range()
    {
        Assert.True(PortRange.TryParse("", out var range));
        Assert.Null(range);
        Assert.Null(new PolicyRoute().GetDstPortRange());
    }

    [Theory]
    [InlineData("80", 80, 80)]
    [InlineData("8000-9000", 8000, 9000)]
    [InlineData("0-65535", 0, 65535)]
    public void Valid_ranges(string text, int start, int end)
    {
        Assert.True(PortRange.TryParse(text, out var range));
        Assert.Equal(new PortRange((ushort)start, (ushort)end), range);
        Assert.Equal(text, range!.Value.ToString());
    }

    [Theory]
    [InlineData("1-2-3")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("80-")]
    [InlineData(" 80")]
    [InlineData("+80")]
    [InlineData("9-1")]
    public void Invalid_ranges(string text)
    {
        Assert.False(PortRange.TryParse(text, out _));
        Assert.Throws<FormatException>(() => PortRange.Parse(text));
    }

    [Fact]
    public void Policy_route_accessors()
    {
        var policy = new PolicyRoute { DstPort = "443", SrcPort = "1000-2000" };
        Assert.Equal(new PortRange(443, 443), policy.GetDstPortRange());
        Assert.Equal(new PortRange(1000, 2000), policy.GetSrcPortRange());
        Assert.Throws<FormatException>(() => new PolicyRoute { SrcPort = "1-2-3" }.GetSrcPortRange());
    }
}
