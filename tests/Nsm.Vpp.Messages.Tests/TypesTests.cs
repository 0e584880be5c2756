using System.Net;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;
using static Nsm.Vpp.Messages.Tests.Wire;

namespace Nsm.Vpp.Messages.Tests;

public class TypesTests
{
    private static byte[] Write(Action<VppWriter> write)
    {
        var writer = new VppWriter();
        write(writer);
        return writer.Written.ToArray();
    }

    [Fact]
    public void Address_ipv4_is_af_then_a_16_byte_union()
    {
        // §2.4: 10.77.0.1 → 00 0a4d0001 000000000000000000000000
        var bytes = Write(VppAddress.Parse("10.77.0.1").Write);
        Assert.Equal("000a4d0001000000000000000000000000", ToHex(bytes));
        var reader = new VppReader(bytes);
        Assert.Equal(IPAddress.Parse("10.77.0.1"), VppAddress.Read(ref reader).Address);
    }

    [Fact]
    public void Address_ipv6_uses_the_whole_union()
    {
        var bytes = Write(VppAddress.Parse("fd00::1").Write);
        Assert.Equal("01fd000000000000000000000000000001", ToHex(bytes));
        var reader = new VppReader(bytes);
        var address = VppAddress.Read(ref reader);
        Assert.Equal(VppAddressFamily.Ip6, address.Family);
        Assert.Equal(IPAddress.Parse("fd00::1"), address.Address);
    }

    [Fact]
    public void Address_rejects_an_unknown_family()
    {
        var bytes = Hex("02 00000000000000000000000000000000");
        Assert.Throws<VppDecodeException>(() =>
        {
            var reader = new VppReader(bytes);
            VppAddress.Read(ref reader);
        });
    }

    [Fact]
    public void Prefix_keeps_host_bits_and_appends_the_length()
    {
        // §2.4: 10.77.0.1/24 → 00 0a4d0001 000000000000000000000000 18
        var prefix = VppPrefix.Parse("10.77.0.1/24");
        Assert.Equal("000a4d000100000000000000000000000018", ToHex(Write(prefix.Write)));
        Assert.Equal(IPNetwork.Parse("10.77.0.0/24"), prefix.ToNetwork());
        Assert.Equal("10.77.0.1/24", prefix.ToString());
        Assert.Equal(VppPrefix.Parse("10.88.0.0/24"), VppPrefix.FromNetwork(IPNetwork.Parse("10.88.0.0/24")));
        Assert.Equal(prefix, VppPrefix.FromAddress(IPAddress.Parse("10.77.0.1"), 24));
        Assert.Equal(32, VppPrefix.Parse("10.0.0.1").Length);
    }

    [Fact]
    public void Prefix_rejects_lengths_beyond_the_family()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VppPrefix.Parse("10.0.0.0/33"));
        var bytes = Hex("00 0a000000 000000000000000000000000 21");
        Assert.Throws<VppDecodeException>(() =>
        {
            var reader = new VppReader(bytes);
            VppPrefix.Read(ref reader);
        });
    }

    [Fact]
    public void Mac_is_six_raw_bytes()
    {
        // §2.4: 02:fe:00:00:00:07 → 02fe00000007
        var mac = MacAddress.Parse("02:fe:00:00:00:07");
        Assert.Equal("02fe00000007", ToHex(Write(mac.Write)));
        Assert.Equal("02:fe:00:00:00:07", mac.ToString());
        var reader = new VppReader(Hex("02fe00000007"));
        Assert.Equal(mac, MacAddress.Read(ref reader));
        Assert.True(default(MacAddress).IsZero);
        Assert.Throws<FormatException>(() => MacAddress.Parse("02:fe"));
    }

    [Theory]
    [InlineData(typeof(VppAddressFamily), 1)]
    [InlineData(typeof(IpProto), 1)]
    [InlineData(typeof(AclAction), 1)]
    [InlineData(typeof(IpNeighborFlags), 1)]
    [InlineData(typeof(WireguardPeerFlags), 1)]
    [InlineData(typeof(IfStatusFlags), 4)]
    [InlineData(typeof(MtuProto), 4)]
    [InlineData(typeof(RxMode), 4)]
    [InlineData(typeof(IfType), 4)]
    [InlineData(typeof(SubIfFlags), 4)]
    [InlineData(typeof(LinkDuplex), 4)]
    [InlineData(typeof(AfPacketMode), 4)]
    [InlineData(typeof(AfPacketFlags), 4)]
    [InlineData(typeof(MemifRole), 4)]
    [InlineData(typeof(MemifMode), 4)]
    [InlineData(typeof(L2PortType), 4)]
    [InlineData(typeof(FibPathType), 4)]
    [InlineData(typeof(FibPathFlags), 4)]
    [InlineData(typeof(FibPathNhProto), 4)]
    public void Enums_have_their_enumtype_size(Type type, int size) =>
        Assert.Equal(size, System.Runtime.InteropServices.Marshal.SizeOf(Enum.GetUnderlyingType(type)));

    [Fact]
    public void Enum_values_match_the_reference()
    {
        Assert.Equal(1u, (uint)IfStatusFlags.AdminUp);
        Assert.Equal(18u, (uint)(SubIfFlags.OneTag | SubIfFlags.ExactMatch));
        Assert.Equal(256u, (uint)SubIfFlags.Dot1ah);
        Assert.Equal(2u, (uint)AfPacketMode.Ip);
        Assert.Equal(8u, (uint)AfPacketFlags.Version2);
        Assert.Equal(1, (byte)AclAction.Permit);
        Assert.Equal(2, (byte)AclAction.PermitReflect);
        Assert.Equal(58, (byte)IpProto.Icmp6);
        Assert.Equal(132, (byte)IpProto.Sctp);
        Assert.Equal(2, (byte)IpNeighborFlags.NoFibEntry);
        Assert.Equal(10u, (uint)FibPathType.Classify);
        Assert.Equal(4u, (uint)FibPathFlags.PopPwCw);
        Assert.Equal(3u, (uint)FibPathNhProto.Ethernet);
        Assert.Equal(2u, (uint)MemifMode.PuntInject);
    }

    [Fact]
    public void Fib_path_is_167_bytes_with_a_zero_filled_label_stack()
    {
        var path = FibPath.Via(IPAddress.Parse("10.77.0.2"), 1);
        var bytes = Write(path.Write);
        Assert.Equal(FibPath.Size, bytes.Length);
        Assert.Equal(
            "00000001" + "00000000" + "00000000" + "01" + "00" + "00000000" + "00000000" + "00000000"
            + "0a4d0002000000000000000000000000" + "00000000" + "00000000" + "00000000" + "00" + new string('0', 224),
            ToHex(bytes));
        var reader = new VppReader(bytes);
        var back = FibPath.Read(ref reader);
        Assert.Equal(IPAddress.Parse("10.77.0.2"), back.NextHop);
        Assert.Equal(1, back.Weight);
        Assert.Empty(back.LabelStack);
    }

    [Fact]
    public void Fib_path_keeps_labels_and_an_ipv6_next_hop()
    {
        var path = FibPath.Via(IPAddress.Parse("fd00::2"));
        path.LabelStack = [new FibMplsLabel { Label = 100, Ttl = 64 }, new FibMplsLabel { IsUniform = 1, Label = 200 }];
        var bytes = Write(path.Write);
        Assert.Equal(FibPath.Size, bytes.Length);
        var reader = new VppReader(bytes);
        var back = FibPath.Read(ref reader);
        Assert.Equal(FibPathNhProto.Ip6, back.Proto);
        Assert.Equal(uint.MaxValue, back.SwIfIndex);
        Assert.Equal(IPAddress.Parse("fd00::2"), back.NextHop);
        Assert.Equal([100u, 200u], back.LabelStack.Select(l => l.Label));
        Assert.Equal(64, back.LabelStack[0].Ttl);

        path.LabelStack = Enumerable.Range(0, 17).Select(_ => new FibMplsLabel()).ToArray();
        Assert.Throws<InvalidOperationException>(() => Write(path.Write));
    }

    [Fact]
    public void Acl_rule_matches_the_reference_bytes()
    {
        // §4.5: permit, src 0.0.0.0/0, dst 0.0.0.0/0, ICMP, type 0..255, code 0..255, tcp flags 0/0.
        var rule = new AclRule
        {
            IsPermit = AclAction.Permit,
            SrcPrefix = VppPrefix.Parse("0.0.0.0/0"),
            DstPrefix = VppPrefix.Parse("0.0.0.0/0"),
            Proto = IpProto.Icmp,
            SrcportOrIcmptypeFirst = 0,
            SrcportOrIcmptypeLast = 255,
            DstportOrIcmpcodeFirst = 0,
            DstportOrIcmpcodeLast = 255,
        };
        var expected = Hex("01 | 00 00000000 000000000000000000000000 00 | 00 00000000 000000000000000000000000 00 | 01 | 0000 00ff | 0000 00ff | 00 00");
        Assert.Equal(48, expected.Length);
        Assert.Equal(ToHex(expected), ToHex(Write(rule.Write)));
    }
}
