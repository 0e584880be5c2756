using System.Buffers.Binary;
using System.Net;
using Nsm.Sdk.Kernel.Conntrack;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Tests.Conntrack;

/// <summary>ctnetlink event messages as the kernel lays them out (nested attributes flagged, numbers big-endian); no root needed.</summary>
public sealed class ConntrackMessageTests
{
    private const ushort Nested = 0x8000;

    [Fact]
    public void A_new_tcp_flow_has_its_original_tuple_id_mark_and_counters()
    {
        var datagram = Message(Ctnetlink.MsgNew, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 2, (ref NetlinkWriter w) =>
        {
            Tuple(ref w, Ctnetlink.CTA_TUPLE_ORIG, "172.31.4.2", "172.31.4.1", 6, 40000, 80);
            Tuple(ref w, Ctnetlink.CTA_TUPLE_REPLY, "172.31.4.1", "172.31.4.2", 6, 80, 40000);
            Counters(ref w, Ctnetlink.CTA_COUNTERS_ORIG, 1, 60);
            Counters(ref w, Ctnetlink.CTA_COUNTERS_REPLY, 0, 0);
            BigEndian32(ref w, Ctnetlink.CTA_ID, 0xdeadbeef);
            BigEndian32(ref w, Ctnetlink.CTA_MARK, 0x4e534d46);
        });

        var events = Parse(datagram);

        var e = Assert.Single(events);
        Assert.Equal(ConntrackEventType.New, e.Type);
        Assert.Equal(new ConntrackTuple(6, IPAddress.Parse("172.31.4.2"), IPAddress.Parse("172.31.4.1"), 40000, 80), e.Original);
        Assert.Equal(80, e.Reply!.SourcePort);
        Assert.Equal(0xdeadbeefu, e.Id);
        Assert.Equal(0x4e534d46u, e.Mark);
        Assert.Equal(new ConntrackCounters(1, 60), e.OriginalCounters);
        Assert.Equal(new ConntrackCounters(1, 60), e.TotalCounters);
        Assert.Equal("tcp 172.31.4.2:40000 -> 172.31.4.1:80", e.Original.ToString());
    }

    [Fact]
    public void A_destroyed_ipv6_udp_flow_has_final_counters_of_both_directions()
    {
        var datagram = Message(Ctnetlink.MsgDelete, 0, 10, (ref NetlinkWriter w) =>
        {
            Tuple(ref w, Ctnetlink.CTA_TUPLE_ORIG, "fd31:4::2", "fd31:4::1", 17, 5353, 53);
            Counters(ref w, Ctnetlink.CTA_COUNTERS_ORIG, 3, 300);
            Counters(ref w, Ctnetlink.CTA_COUNTERS_REPLY, 2, 5_000_000_000);
        });

        var e = Assert.Single(Parse(datagram));

        Assert.Equal(ConntrackEventType.Destroy, e.Type);
        Assert.Equal("udp [fd31:4::2]:5353 -> [fd31:4::1]:53", e.Original.ToString());
        Assert.Null(e.Reply);
        Assert.Equal(new ConntrackCounters(5, 5_000_000_300), e.TotalCounters);
    }

    [Fact]
    public void Icmp_fields_32_bit_counters_and_updates_are_read()
    {
        var datagram = Message(Ctnetlink.MsgNew, 0, 2, (ref NetlinkWriter w) =>
        {
            var tuple = w.BeginAttr(Ctnetlink.CTA_TUPLE_ORIG | Nested);
            Ip(ref w, "10.0.0.1", "10.0.0.2");
            var proto = w.BeginAttr(Ctnetlink.CTA_TUPLE_PROTO | Nested);
            w.U8(Ctnetlink.CTA_PROTO_NUM, 1);
            w.U16BigEndian(Ctnetlink.CTA_PROTO_ICMP_ID, 7);
            w.U8(Ctnetlink.CTA_PROTO_ICMP_TYPE, 8);
            w.U8(Ctnetlink.CTA_PROTO_ICMP_CODE, 0);
            w.End(proto);
            w.End(tuple);
            var counters = w.BeginAttr(Ctnetlink.CTA_COUNTERS_ORIG | Nested);
            BigEndian32(ref w, Ctnetlink.CTA_COUNTERS32_PACKETS, 4);
            BigEndian32(ref w, Ctnetlink.CTA_COUNTERS32_BYTES, 336);
            w.End(counters);
        });

        var e = Assert.Single(Parse(datagram));

        Assert.Equal(ConntrackEventType.Update, e.Type); // no NLM_F_CREATE: a change of a known flow
        Assert.True(e.Original.IsIcmp);
        Assert.Equal((8, 0, 7), (e.Original.IcmpType, e.Original.IcmpCode, e.Original.IcmpId));
        Assert.Equal("icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0 id 7", e.Original.ToString());
        Assert.Equal(new ConntrackCounters(4, 336), e.OriginalCounters);
        Assert.Null(e.ReplyCounters);
    }

    [Fact]
    public void Several_messages_in_one_datagram_other_types_skipped_and_malformed_counted()
    {
        var first = Message(Ctnetlink.MsgNew, Nl.NLM_F_CREATE, 2, (ref NetlinkWriter w) => Tuple(ref w, Ctnetlink.CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", 6, 1, 2));
        var noTuple = Message(Ctnetlink.MsgDelete, 0, 2, (ref NetlinkWriter w) => BigEndian32(ref w, Ctnetlink.CTA_ID, 1));
        var done = Message(Nl.NLMSG_DONE, 0, 0, (ref NetlinkWriter _) => { });
        var last = Message(Ctnetlink.MsgDelete, 0, 2, (ref NetlinkWriter w) => Tuple(ref w, Ctnetlink.CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", 6, 1, 2));
        var events = new List<ConntrackEvent>();

        var malformed = ConntrackMessage.Parse([.. first, .. noTuple, .. done, .. last], events);

        Assert.Equal([ConntrackEventType.New, ConntrackEventType.Destroy], events.Select(e => e.Type));
        Assert.Equal(1, malformed);
        Assert.Equal(1, ConntrackMessage.Parse(first.AsSpan(0, 20), events)); // a length past the end
    }

    [Fact]
    public void Protocols_without_ports_print_addresses_only()
    {
        var gre = new ConntrackTuple(47, IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), 0, 0);
        Assert.Equal("gre 10.0.0.1 -> 10.0.0.2", gre.ToString());
        Assert.Equal("200", ConntrackTuple.ProtocolName(200));
    }

    private delegate void Attributes(ref NetlinkWriter w);

    private static List<ConntrackEvent> Parse(byte[] datagram)
    {
        var events = new List<ConntrackEvent>();
        Assert.Equal(0, ConntrackMessage.Parse(datagram, events));
        return events;
    }

    private static byte[] Message(ushort type, ushort flags, byte family, Attributes attributes)
    {
        Span<byte> buffer = stackalloc byte[512];
        var w = new NetlinkWriter(buffer, type, flags);
        w.Struct((uint)family); // nfgenmsg: family, version 0, res_id 0
        attributes(ref w);
        return w.Finish(0).ToArray();
    }

    private static void Tuple(ref NetlinkWriter w, ushort which, string source, string destination, byte protocol, ushort sourcePort, ushort destinationPort)
    {
        var tuple = w.BeginAttr((ushort)(which | Nested));
        Ip(ref w, source, destination);
        var proto = w.BeginAttr(Ctnetlink.CTA_TUPLE_PROTO | Nested);
        w.U8(Ctnetlink.CTA_PROTO_NUM, protocol);
        w.U16BigEndian(Ctnetlink.CTA_PROTO_SRC_PORT, sourcePort);
        w.U16BigEndian(Ctnetlink.CTA_PROTO_DST_PORT, destinationPort);
        w.End(proto);
        w.End(tuple);
    }

    private static void Ip(ref NetlinkWriter w, string source, string destination)
    {
        var (s, d) = (IPAddress.Parse(source), IPAddress.Parse(destination));
        var v6 = s.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var ip = w.BeginAttr(Ctnetlink.CTA_TUPLE_IP | Nested);
        w.Address(v6 ? Ctnetlink.CTA_IP_V6_SRC : Ctnetlink.CTA_IP_V4_SRC, s);
        w.Address(v6 ? Ctnetlink.CTA_IP_V6_DST : Ctnetlink.CTA_IP_V4_DST, d);
        w.End(ip);
    }

    private static void Counters(ref NetlinkWriter w, ushort which, ulong packets, ulong bytes)
    {
        var counters = w.BeginAttr((ushort)(which | Nested));
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, packets);
        w.Attr(Ctnetlink.CTA_COUNTERS_PACKETS, value);
        BinaryPrimitives.WriteUInt64BigEndian(value, bytes);
        w.Attr(Ctnetlink.CTA_COUNTERS_BYTES, value);
        w.End(counters);
    }

    private static void BigEndian32(ref NetlinkWriter w, ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        w.Attr(type, bytes);
    }
}
