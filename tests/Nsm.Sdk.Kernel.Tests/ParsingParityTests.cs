using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Netlink;
using NlPortRange = Nsm.Sdk.Kernel.Netlink.PortRange;
using SdkPortRange = Nsm.Sdk.Api.PortRange;

namespace Nsm.Sdk.Kernel.Tests;

/// <summary>
/// The netlink layer keeps its own wire-level prefix and port range (it depends on nothing of NSM), so the same input
/// table runs through both parsers: what one accepts the other accepts, with the same value. No root needed.
/// </summary>
public class ParsingParityTests
{
    public static TheoryData<string> CidrInputs =>
    [
        "10.0.0.1/24", "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.1/0", "fd00::1/64", "::/0", "::1/128",
        "fd00::1:2/112", "::ffff:10.0.0.1/120", "FD00::A/64", "10.0.0.1/008", "10.1/16", "010.0.0.1/8",
        "10.0.0.1", "fd00::1", "", "/", "/24", "10.0.0.1/", "10.0.0.1/33", "fd00::/129", "10.0.0.1/-1", "10.0.0.1/+8",
        "10.0.0.1/ 8", " 10.0.0.1/8", "10.0.0.1 /8", "10.0.0.1/0008", "10.0.0.1/8/8", "x/24", "fe80::1%eth0/64",
        "[fd00::1]/64", "10.0.0.256/24", "10.0.0.1/٣", "10.0.0.1/1e1",
    ];

    public static TheoryData<string> PortInputs =>
    [
        "80", "0", "65535", "0-65535", "6667-6670", "80-80", "0080", "9-1", "65536", "-1", "1-", "-", "1-2-3", " 80",
        "80 ", "80 - 90", "+80", "abc", "8a", "٣", "1--2",
    ];

    [Theory]
    [MemberData(nameof(CidrInputs))]
    public void Cidr_parsers_agree(string text)
    {
        var sdk = IpCidr.TryParseLenient(text, out var cidr);
        var netlink = NetlinkPrefix.TryParse(text, out var prefix);
        Assert.Equal(sdk, netlink);
        if (sdk)
        {
            Assert.Equal(cidr, prefix.ToIpCidr());
            Assert.Equal(prefix, cidr.ToNetlinkPrefix());
            Assert.Equal(cidr.Network, prefix.Network.ToIpCidr());
            Assert.Equal(cidr.NetworkAddress.ToIPAddress(), prefix.Network.Address);
        }
    }

    [Theory]
    [MemberData(nameof(PortInputs))]
    public void Port_range_parsers_agree(string text)
    {
        var sdk = SdkPortRange.TryParse(text, out var range);
        var netlink = NlPortRange.TryParse(text, out var wire);
        Assert.Equal(sdk, netlink);
        if (sdk)
        {
            Assert.Equal((range!.Value.Start, range.Value.End), (wire.Start, wire.End));
            Assert.Equal(range.Value.ToString(), wire.ToString());
        }
    }

    [Fact]
    public void Empty_port_text_is_no_range_in_the_sdk_and_not_a_range_on_the_wire()
    {
        Assert.True(SdkPortRange.TryParse(string.Empty, out var range));
        Assert.Null(range);
        Assert.False(NlPortRange.TryParse(string.Empty, out _));
    }
}
