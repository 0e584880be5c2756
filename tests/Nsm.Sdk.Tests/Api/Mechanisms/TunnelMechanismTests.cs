using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Tests.Api.Mechanisms;

public class TunnelMechanismTests
{
    private static VxlanMechanism Vxlan(params (string Key, string Value)[] parameters)
    {
        var m = new Mechanism { Cls = Cls.Remote, Type = VxlanMechanism.MechanismType };
        foreach (var (k, v) in parameters)
        {
            m.Parameters[k] = v;
        }

        return VxlanMechanism.ToMechanism(m)!;
    }

    [Fact]
    public void Vxlan_new_sets_client_side()
    {
        var m = VxlanMechanism.New(IPAddress.Parse("10.0.0.1"));
        Assert.Equal(("REMOTE", "VXLAN"), (m.Cls, m.Type));
        Assert.Equal("10.0.0.1", m.Parameters["src_ip"]);
        Assert.Equal("4789", m.Parameters["src_port"]);
        Assert.Equal("vni", VxlanMechanism.VniKey);
    }

    [Fact]
    public void Tunnel_accessors_round_trip()
    {
        var v = Vxlan();
        v.DstIP = IPAddress.Parse("fd00::2");
        v.DstPort = 4789;
        v.Mtu = 1450;
        v.Vni = 0xFFFFFF;
        v.SrcOriginalIP = IPAddress.Parse("1.1.1.1");
        Assert.Equal("fd00::2", v.Parameters["dst_ip"]);
        Assert.Equal("4789", v.Parameters["dst_port"]);
        Assert.Equal("1450", v.Parameters["MTU"]);
        Assert.Equal("16777215", v.Parameters["vni"]);
        Assert.Equal("1.1.1.1", v.Parameters["orig_src_ip"]);
        Assert.Equal(IPAddress.Parse("fd00::2"), v.DstIP);
        Assert.Equal(16777215u, v.Vni);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Vni = 0x1000000);
        v.DstIP = null;
        Assert.False(v.Parameters.ContainsKey("dst_ip"));
    }

    [Theory]
    [InlineData("src_port", "70000")]
    [InlineData("src_port", "-1")]
    [InlineData("src_port", "x")]
    [InlineData("MTU", "4294967296")]
    [InlineData("vni", "16777216")]
    public void Invalid_numbers_read_as_zero(string key, string raw)
    {
        var v = Vxlan((key, raw));
        Assert.Equal(0, v.SrcPort);
        Assert.Equal(0u, v.Mtu);
        Assert.Equal(0u, v.Vni);
    }

    [Fact]
    public void Invalid_ip_reads_null()
    {
        Assert.Null(Vxlan(("src_ip", "not-an-ip")).SrcIP);
        Assert.Null(Vxlan().DstIP);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.2", true)]
    [InlineData("10.0.0.2", "10.0.0.1", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("bad", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "bad", false)]
    [InlineData("fd00::1", "10.0.0.1", false)]
    [InlineData("10.0.0.1", "fd00::1", true)]
    public void EvenVni_compares_16_byte_forms(string src, string dst, bool even) =>
        Assert.Equal(even, Vxlan(("src_ip", src), ("dst_ip", dst)).EvenVni());

    [Fact]
    public void EvenVni_prefers_original_ips()
    {
        var v = Vxlan(("src_ip", "10.0.0.9"), ("dst_ip", "10.0.0.1"), ("orig_src_ip", "10.0.0.1"), ("orig_dst_ip", "10.0.0.2"));
        Assert.True(v.EvenVni());
    }

    [Fact]
    public void GenerateRandomVni_has_parity_and_24_bits()
    {
        var rnd = new Random(7);
        var even = Vxlan(("src_ip", "10.0.0.1"), ("dst_ip", "10.0.0.2"));
        var odd = Vxlan(("src_ip", "10.0.0.2"), ("dst_ip", "10.0.0.1"));
        for (var i = 0; i < 100; i++)
        {
            var e = even.GenerateRandomVni(rnd);
            var o = odd.GenerateRandomVni();
            Assert.Equal(0u, e % 2);
            Assert.Equal(1u, o % 2);
            Assert.True(e <= 0xFFFFFF && o <= 0xFFFFFF);
        }

        Assert.Equal(0u, Vxlan(("src_ip", "10.0.0.1")).GenerateRandomVni());
    }

    [Fact]
    public void Wireguard_new_and_keys()
    {
        var m = WireguardMechanism.New(IPAddress.Parse("10.0.0.1"), "cHVi");
        Assert.Equal(("REMOTE", "WIREGUARD"), (m.Cls, m.Type));
        Assert.Equal("10.0.0.1", m.Parameters["src_ip"]);
        Assert.Equal("51820", m.Parameters["src_port"]);
        Assert.Equal("cHVi", m.Parameters["src_public_key"]);
        var w = WireguardMechanism.ToMechanism(m)!;
        w.DstPublicKey = "ZHN0";
        w.DstPort = WireguardMechanism.DefaultPort;
        Assert.Equal("ZHN0", m.Parameters["dst_public_key"]);
        Assert.Equal(51820, w.DstPort);
        Assert.Equal("cHVi", w.SrcPublicKey);
        Assert.Null(WireguardMechanism.ToMechanism(m.Clone().Also(x => x.Type = "IPSEC")));
    }

    [Fact]
    public void Ipsec_new_and_keys()
    {
        var m = IpsecMechanism.New(IPAddress.Parse("fd00::1"), "Y2VydA==");
        Assert.Equal(("REMOTE", "IPSEC"), (m.Cls, m.Type));
        Assert.Equal("fd00::1", m.Parameters["src_ip"]);
        Assert.Equal("4500", m.Parameters["src_port"]);
        Assert.Equal("Y2VydA==", m.Parameters["src_public_key"]);
        var s = IpsecMechanism.ToMechanism(m)!;
        s.DstPublicKey = "x";
        Assert.Equal("x", m.Parameters["dst_public_key"]);
        Assert.Equal(4500, s.SrcPort);
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
