using System.Net;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Tests;

/// <summary>Message encoding and value parsing; no root needed.</summary>
public class EncodingTests
{
    [Fact]
    public void Writer_lays_out_header_struct_and_aligned_nested_attributes()
    {
        Span<byte> buf = stackalloc byte[128];
        var w = new NetlinkWriter(buf, Nl.RTM_NEWLINK, Nl.NLM_F_ACK | Nl.NLM_F_CREATE);
        w.Struct(new IfInfoMsg { Index = 7 });
        w.String(Ifla.IFNAME, "ab");
        var nest = w.BeginAttr(Ifla.LINKINFO);
        w.U8(Ifla.INFO_KIND, 9);
        w.End(nest);
        var msg = w.Finish(42).ToArray();

        Assert.Equal(16 + 16 + 8 + 12, msg.Length);
        Assert.Equal(new byte[] { 52, 0, 0, 0, 16, 0, 0x05, 0x04, 42, 0, 0, 0, 0, 0, 0, 0 }, msg[..16]);
        Assert.Equal(7, BitConverter.ToInt32(msg, 16 + 4));
        Assert.Equal(new byte[] { 7, 0, 3, 0, (byte)'a', (byte)'b', 0, 0 }, msg[32..40]);
        Assert.Equal(new byte[] { 12, 0, 18, 0, 5, 0, 1, 0, 9, 0, 0, 0 }, msg[40..52]);

        var r = new AttributeReader(msg.AsSpan(32));
        Assert.True(r.Next());
        Assert.Equal("ab", r.String);
        Assert.True(r.Next());
        var inner = r.Nested;
        Assert.True(inner.Next());
        Assert.Equal(9, inner.U8);
        Assert.False(r.Next());
    }

    [Theory]
    [InlineData("10.0.0.1/24", "10.0.0.0/24")]
    [InlineData("10.1.2.3/17", "10.1.0.0/17")]
    [InlineData("fd00::1:2/112", "fd00::1:0/112")]
    [InlineData("192.168.1.1/32", "192.168.1.1/32")]
    public void NetlinkPrefix_parses_and_masks(string text, string network)
    {
        Assert.Equal(network, NetlinkPrefix.Parse(text).Network.ToString());
    }

    [Theory]
    [InlineData("10.0.0.1/33")]
    [InlineData("x/24")]
    [InlineData("")]
    [InlineData("192.168.1.1")]
    public void NetlinkPrefix_rejects_garbage(string text) => Assert.False(NetlinkPrefix.TryParse(text, out _));

    [Fact]
    public void NetlinkPrefix_contains()
    {
        Assert.True(NetlinkPrefix.Parse("10.0.0.0/8").Contains(IPAddress.Parse("10.9.9.9")));
        Assert.False(NetlinkPrefix.Parse("10.0.0.0/8").Contains(IPAddress.Parse("11.0.0.1")));
    }

    [Fact]
    public void PortRange_parses_nsm_policy_format()
    {
        Assert.Equal(new PortRange(6667, 6670), PortRange.Parse("6667-6670"));
        Assert.Equal(PortRange.Of(80), PortRange.Parse("80"));
        Assert.Equal("6667-6670", PortRange.Parse("6667-6670").ToString());
        Assert.False(PortRange.TryParse("9-1", out _));
    }

    [Fact]
    public void Kernel_errors_name_operation_target_and_errno()
    {
        var ex = new NetlinkException("RTM_NEWLINK veth", "nsm-1", 17);

        Assert.Equal("RTM_NEWLINK veth nsm-1: File exists (EEXIST)", ex.Message);
        Assert.Equal("EEXIST", ex.ErrorName);
        Assert.Equal("RTM_NEWADDR nsm-1 10.0.0.1/24: Cannot assign requested address (EADDRNOTAVAIL) [kernel: bad]", new NetlinkException("RTM_NEWADDR", "nsm-1 10.0.0.1/24", 99, "bad").Message);
    }
}
