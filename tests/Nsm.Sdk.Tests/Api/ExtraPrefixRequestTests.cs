using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Family = Nsm.Api.NetworkService.IpFamily.Types.Family;

namespace Nsm.Sdk.Tests.Api;

public class ExtraPrefixRequestTests
{
    private static ExtraPrefixRequest Make(Family? family, uint len, uint required, uint requested) => new()
    {
        AddrFamily = family is { } f ? new IpFamily { Family = f } : null,
        PrefixLen = len,
        RequiredNumber = required,
        RequestedNumber = requested,
    };

    [Theory]
    [InlineData(Family.Ipv4, 24u, 1u, 1u, true)]
    [InlineData(Family.Ipv4, 32u, 1u, 3u, true)]
    [InlineData(Family.Ipv4, 33u, 1u, 1u, false)]
    [InlineData(Family.Ipv6, 128u, 1u, 1u, true)]
    [InlineData(Family.Ipv6, 129u, 1u, 1u, false)]
    [InlineData(Family.Ipv6, 64u, 1u, 1u, true)]
    [InlineData(Family.Ipv4, 0u, 1u, 1u, false)]
    [InlineData(Family.Ipv4, 24u, 0u, 1u, false)]
    [InlineData(Family.Ipv4, 24u, 1u, 0u, false)]
    [InlineData(Family.Ipv4, 24u, 3u, 2u, false)]
    public void Validation(Family family, uint len, uint required, uint requested, bool valid) =>
        Assert.Equal(valid, Make(family, len, required, requested).IsValid());

    [Fact]
    public void Null_request_or_family_is_invalid()
    {
        Assert.False(((ExtraPrefixRequest?)null).IsValid());
        Assert.False(Make(null, 24, 1, 1).IsValid());
    }
}
