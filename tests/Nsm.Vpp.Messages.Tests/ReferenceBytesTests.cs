using System.Net;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Messages.Memif;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Messages.Vxlan;
using Nsm.Vpp.Messages.WireGuard;
using static Nsm.Vpp.Messages.Tests.Wire;

namespace Nsm.Vpp.Messages.Tests;

// The requests of the reference's live run (§2, §3.3, §4.4–4.6), byte for byte where it gives the bytes, else their size
// and the fields at their Appendix A offsets. Message ids are those of the reference's run.
public class ReferenceBytesTests
{
    [Fact]
    public void Sw_interface_add_del_address_is_the_reference_34_bytes()
    {
        var message = new SwInterfaceAddDelAddress { SwIfIndex = 1, Prefix = VppPrefix.Parse("10.77.0.1/24") };
        var frame = Request(message, 0x04d2, 0x80000001, 0x2a);
        Assert.Equal(
            ToHex(Hex("04d2 80000001 0000002a 00000001 01 00 00 0a4d0001 000000000000000000000000 18")),
            ToHex(frame));
        var back = Decode<SwInterfaceAddDelAddress>(frame[10..]);
        Assert.Equal(1u, back.SwIfIndex);
        Assert.True(back.IsAdd);
        Assert.False(back.DelAll);
        Assert.Equal(VppPrefix.Parse("10.77.0.1/24"), back.Prefix);
    }

    [Fact]
    public void Memif_socket_filename_is_a_length_prefixed_string()
    {
        // §2.2: 30 bytes = 10 header + 1 is_add + 4 socket_id + 4 length + 11 characters.
        var message = new MemifSocketFilenameAddDelV2 { SocketFilename = "/tmp/m.sock" };
        var frame = Request(message, 133);
        Assert.Equal(30, frame.Length);
        Assert.Equal(ToHex(Hex("0085 80000001 0000002a 01 ffffffff 0000000b 2f746d702f6d2e736f636b")), ToHex(frame));
        var back = Decode<MemifSocketFilenameAddDelV2>(frame[10..]);
        Assert.Equal("/tmp/m.sock", back.SocketFilename);
        Assert.Equal(uint.MaxValue, back.SocketId);

        Assert.Equal("0100000000" + "00000000", ToHex(Body(new MemifSocketFilenameAddDelV2 { SocketId = 0 })));
    }

    [Fact]
    public void Acl_interface_set_acl_list_counts_are_u8()
    {
        // §4.5/§4.6: 1 acl = 20 bytes, 2 acls = 24, none = 16.
        var one = new AclInterfaceSetAclList { SwIfIndex = 1, NInput = 1, Acls = [0] };
        Assert.Equal(ToHex(Hex("0065 80000001 0000002a 00000001 01 01 00000000")), ToHex(Request(one, 101)));
        var two = new AclInterfaceSetAclList { SwIfIndex = 1, NInput = 1, Acls = [0, 7] };
        Assert.Equal(ToHex(Hex("00000001 02 01 00000000 00000007")), ToHex(Body(two)));
        Assert.Equal(24, Request(two, 101).Length);
        Assert.Equal(16, Request(new AclInterfaceSetAclList { SwIfIndex = 1 }, 101).Length);
        Assert.Equal([0u, 7u], Decode<AclInterfaceSetAclList>(Body(two)).Acls);
    }

    [Fact]
    public void Acl_add_replace_with_the_reference_rules_is_226_bytes()
    {
        var any4 = VppPrefix.Parse("0.0.0.0/0");
        AclRule[] rules =
        [
            new() { IsPermit = AclAction.Permit, SrcPrefix = any4, DstPrefix = any4, Proto = IpProto.Icmp, SrcportOrIcmptypeLast = 255, DstportOrIcmpcodeLast = 255 },
            new() { IsPermit = AclAction.Permit, SrcPrefix = any4, DstPrefix = any4, Proto = IpProto.Tcp, SrcportOrIcmptypeLast = 65535, DstportOrIcmpcodeFirst = 80, DstportOrIcmpcodeLast = 80 },
            new() { IsPermit = AclAction.Deny, SrcPrefix = any4, DstPrefix = any4 },
        ];
        var message = new AclAddReplace { Tag = "study-acl", Rules = rules };
        var frame = Request(message, 95);
        Assert.Equal(226, frame.Length);
        Assert.Equal("ffffffff", ToHex(frame.AsSpan(10, 4)));
        Assert.Equal("study-acl", System.Text.Encoding.ASCII.GetString(frame, 14, 9));
        Assert.Equal("00000003", ToHex(frame.AsSpan(78, 4)));
        Assert.Equal(
            ToHex(Hex("01 | 00 00000000 000000000000000000000000 00 | 00 00000000 000000000000000000000000 00 | 01 | 0000 00ff | 0000 00ff | 00 00")),
            ToHex(frame.AsSpan(82, 48)));
        var back = Decode<AclAddReplace>(frame[10..]);
        Assert.Equal("study-acl", back.Tag);
        Assert.Equal([IpProto.Icmp, IpProto.Tcp, IpProto.Hopopt], back.Rules.Select(r => r.Proto));
        Assert.Equal(80, back.Rules[1].DstportOrIcmpcodeFirst);

        // The in-place replace without the ICMP rule: 178 bytes.
        Assert.Equal(178, Request(new AclAddReplace { AclIndex = 0, Tag = "study-acl", Rules = rules[1..] }, 95).Length);
    }

    [Fact]
    public void Acl_add_replace_reply_has_acl_index_before_retval()
    {
        var reply = Decode<AclAddReplaceReply>(Hex("00000004 fffffff0"));
        Assert.Equal(4u, reply.AclIndex);
        Assert.Equal(-16, reply.Retval);
    }

    [Fact]
    public void Ip_neighbor_add_del_is_39_bytes()
    {
        // §4.4: 10.77.0.99 → 02:00:00:00:00:02 static on sw_if_index 1.
        var message = new IpNeighborAddDel
        {
            Neighbor = new IpNeighbor { SwIfIndex = 1, Flags = IpNeighborFlags.Static, MacAddress = MacAddress.Parse("02:00:00:00:00:02"), IpAddress = VppAddress.Parse("10.77.0.99") },
        };
        var frame = Request(message, 515);
        Assert.Equal(ToHex(Hex("0203 80000001 0000002a 01 00000001 01 020000000002 00 0a4d0063 000000000000000000000000")), ToHex(frame));
        var back = Decode<IpNeighborAddDel>(frame[10..]);
        Assert.Equal(IPAddress.Parse("10.77.0.99"), back.Neighbor.IpAddress.Address);
        Assert.Equal(IpNeighborFlags.Static, back.Neighbor.Flags);
    }

    [Fact]
    public void Ip_route_add_del_with_one_path_is_206_bytes()
    {
        // §4.4: 10.88.0.0/24 via 10.77.0.2 dev 1, weight 1.
        var message = new IpRouteAddDel
        {
            Route = new IpRoute { Prefix = VppPrefix.Parse("10.88.0.0/24"), Paths = [FibPath.Via(IPAddress.Parse("10.77.0.2"), 1)] },
        };
        var frame = Request(message, 424);
        Assert.Equal(206, frame.Length);
        Assert.Equal(
            ToHex(Hex("01 00 00000000 00000000 00 0a580000 000000000000000000000000 18 01")),
            ToHex(frame.AsSpan(10, 29)));
        Assert.Equal(ToHex(Hex("00000001 00000000 00000000 01 00 00000000 00000000 00000000 0a4d0002")), ToHex(frame.AsSpan(39, 30)));
        Assert.All(frame[(39 + 55)..], b => Assert.Equal(0, b));
        var back = Decode<IpRouteAddDel>(frame[10..]);
        Assert.Equal(VppPrefix.Parse("10.88.0.0/24"), back.Route.Prefix);
        Assert.Equal(IPAddress.Parse("10.77.0.2"), Assert.Single(back.Route.Paths).NextHop);
    }

    [Fact]
    public void Vxlan_add_del_tunnel_v3_is_70_bytes()
    {
        // §4.4: 10.77.0.1 → 10.77.0.2, ports 4789 (12 b5), vni 4242, instance/mcast/decap_next ~0.
        var message = new VxlanAddDelTunnelV3
        {
            SrcAddress = VppAddress.Parse("10.77.0.1"),
            DstAddress = VppAddress.Parse("10.77.0.2"),
            SrcPort = 4789,
            DstPort = 4789,
            Vni = 4242,
        };
        var frame = Request(message, 906);
        Assert.Equal(
            ToHex(Hex("038a 80000001 0000002a 01 ffffffff 00 0a4d0001 000000000000000000000000 00 0a4d0002 000000000000000000000000 12b5 12b5 ffffffff 00000000 ffffffff 00001092 00")),
            ToHex(frame));
        var back = Decode<VxlanAddDelTunnelV3>(frame[10..]);
        Assert.Equal(4242u, back.Vni);
        Assert.Equal(VppAddress.Parse("10.77.0.2"), back.DstAddress);
    }

    [Fact]
    public void Live_run_request_sizes()
    {
        Assert.Equal(109, Request(new AfPacketCreateV3 { UseRandomHwAddr = true, HostIfName = "vppstudy-h" }, 888).Length);
        Assert.Equal(79, Request(new SwInterfaceTagAddDel { SwIfIndex = 1, Tag = "nsm-conn-1" }, 215).Length);
        Assert.Equal(30, Request(new SwInterfaceSetMtu { SwIfIndex = 1, Mtu = [1500, 0, 0, 0] }, 192).Length);
        Assert.Equal(23, Request(new SwInterfaceSetRxMode { SwIfIndex = 1, Mode = RxMode.Interrupt }, 223).Length);
        Assert.Equal(18, Request(new SwInterfaceSetFlags { SwIfIndex = 1, Flags = IfStatusFlags.AdminUp }, 186).Length);
        Assert.Equal(49, Request(new MemifSocketFilenameAddDelV2 { SocketFilename = new string('m', 30) }, 133).Length);
        Assert.Equal(66, Request(new MemifCreateV2 { Id = 7, SocketId = 1013904223, RingSize = 1024, BufferSize = 2048 }, 137).Length);
        Assert.Equal(18, Request(new CreateVlanSubif { SwIfIndex = 1, VlanId = 100 }, 240).Length);
        Assert.Equal(26, Request(new CreateSubif { SwIfIndex = 1, SubId = 200, SubIfFlags = SubIfFlags.OneTag | SubIfFlags.ExactMatch, OuterVlanId = 200 }, 238).Length);
        Assert.Equal(30, Request(new L2InterfaceVlanTagRewrite { SwIfIndex = 3, VtrOp = 3 }, 315).Length);
        Assert.Equal(19, Request(new SwInterfaceSetL2Xconnect { RxSwIfIndex = 3, TxSwIfIndex = 2 }, 321).Length);
        Assert.Equal(86, Request(new BridgeDomainAddDelV2 { Flood = true, UuFlood = true, Forward = true, Learn = true }, 309).Length);
        Assert.Equal(24, Request(new SwInterfaceSetL2Bridge { RxSwIfIndex = 4, BdId = 7271263 }, 323).Length);
        Assert.Equal(80, Request(new IpTableAddDel { Table = new IpTable { TableId = 77, Name = "study-vrf" } }, 410).Length);
        Assert.Equal(81, Request(new IpTableAddDelV2 { Table = new IpTable { TableId = 78 } }, 412).Length);
        Assert.Equal(102, Request(new WireguardInterfaceCreate { GenerateKey = true, Interface = new WireguardInterface { Port = 51820, SrcIp = VppAddress.Parse("10.77.0.1") } }, 918).Length);
        Assert.Equal(95, Request(new WireguardPeerAdd { Peer = new WireguardPeer { Port = 51820, SwIfIndex = 6, AllowedIps = [VppPrefix.Parse("10.99.0.0/24")] } }, 927).Length);
        Assert.Equal(20, Request(new SwInterfaceSetMacAddress { SwIfIndex = 1, MacAddress = MacAddress.Parse("02:aa:bb:cc:dd:ee") }, 219).Length);
        Assert.Equal(15, Request(new SwInterfaceSetPromisc { SwIfIndex = 1, PromiscOn = true }, 188).Length);
    }

    [Fact]
    public void Field_orders_that_surprise()
    {
        // §5.15: sw_interface_tag_add_del is is_add, sw_if_index, tag; ip_table_add_del_v2 puts create_mfib before is_add.
        var tag = Body(new SwInterfaceTagAddDel { SwIfIndex = 1, Tag = "nsm-conn-1" });
        Assert.Equal("0100000001" + "6e736d2d636f6e6e2d31", ToHex(tag.AsSpan(0, 15)));
        var table = Body(new IpTableAddDelV2 { Table = new IpTable { TableId = 78 }, CreateMfib = true, IsAdd = false });
        Assert.Equal("0100", ToHex(table.AsSpan(69, 2)));
        var bd = Body(new BridgeDomainAddDelV2());
        Assert.Equal("ffffffff", ToHex(bd.AsSpan(0, 4)));
        Assert.Equal(1, bd[^1]);
    }

    [Fact]
    public void Wireguard_keys_are_32_raw_bytes()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var message = new WireguardInterfaceCreate { Interface = new WireguardInterface { PrivateKey = key, Port = 51820 } };
        var body = Body(message);
        Assert.Equal("ffffffff" + "00000000", ToHex(body.AsSpan(0, 8)));
        Assert.Equal(ToHex(key), ToHex(body.AsSpan(8, 32)));
        Assert.Equal("ca6c", ToHex(body.AsSpan(72, 2)));
        Assert.Equal(key, Decode<WireguardInterfaceCreate>(body).Interface.PrivateKey);
        var tooLong = new WireguardInterfaceCreate { Interface = new WireguardInterface { PublicKey = new byte[33] } };
        Assert.Throws<ArgumentException>(() => Body(tooLong));
    }

    [Fact]
    public void Replies_decode_their_fields()
    {
        var created = Decode<CreateVlanSubifReply>(Hex("00000000 00000003"));
        Assert.Equal(0, created.Retval);
        Assert.Equal(3u, created.SwIfIndex);
        Assert.Equal(1013904223u, Decode<MemifSocketFilenameAddDelV2Reply>(Hex("00000000 3c6ef35f")).SocketId);
        Assert.Equal(7271263u, Decode<BridgeDomainAddDelV2Reply>(Hex("00000000 006ef35f")).BdId);
        Assert.Equal(18u, Decode<IpRouteAddDelReply>(Hex("00000000 00000012")).StatsIndex);
        Assert.Equal(-11, Decode<AfPacketDeleteReply>(Hex("fffffff5")).Retval);
        Assert.Equal(-114, Decode<SwInterfaceSetTableReply>(Hex("ffffff8e")).Retval);
        Assert.Equal(77u, Decode<SwInterfaceGetTableReply>(Hex("00000000 0000004d")).VrfId);
    }
}
