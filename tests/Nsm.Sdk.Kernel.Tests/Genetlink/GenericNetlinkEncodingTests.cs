using System.Net;
using Nsm.Sdk.Kernel.Genetlink;

namespace Nsm.Sdk.Kernel.Tests.Genetlink;

/// <summary>
/// Generic netlink and the wireguard family byte for byte, against layouts written by hand from linux/netlink.h,
/// linux/genetlink.h and include/uapi/linux/wireguard.h (little-endian host; no root needed).
/// </summary>
public class GenericNetlinkEncodingTests
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(); // 01 02 .. 20
    private static readonly byte[] KeyB = Enumerable.Range(0xA0, 32).Select(i => (byte)i).ToArray(); // a0 a1 .. bf

    [Fact]
    public void Getfamily_request_is_nlctrl_cmd_3_with_the_name()
    {
        var msg = FamilyOps.WriteGetFamily(new byte[128], "wireguard").Finish(7).ToArray();
        byte[] expected =
        [
            36, 0, 0, 0,        // nlmsg_len 16 + 4 + 16
            0x10, 0,            // nlmsg_type GENL_ID_CTRL
            0x05, 0,            // NLM_F_REQUEST | NLM_F_ACK
            7, 0, 0, 0,         // nlmsg_seq
            0, 0, 0, 0,         // nlmsg_pid
            3, 1, 0, 0,         // genlmsghdr: CTRL_CMD_GETFAMILY, version 1, reserved
            14, 0, 2, 0,        // nla_len 4 + 10, CTRL_ATTR_FAMILY_NAME
            (byte)'w', (byte)'i', (byte)'r', (byte)'e', (byte)'g', (byte)'u', (byte)'a', (byte)'r', (byte)'d', 0,
            0, 0,               // padding to 4
        ];
        Assert.Equal(expected, msg);
    }

    [Fact]
    public void Newfamily_answer_is_parsed()
    {
        byte[] payload =
        [
            1, 2, 0, 0,         // genlmsghdr: CTRL_CMD_NEWFAMILY, version 2
            6, 0, 1, 0, 0x1b, 0, 0, 0,              // CTRL_ATTR_FAMILY_ID u16 0x1b, padded
            14, 0, 2, 0, (byte)'w', (byte)'i', (byte)'r', (byte)'e', (byte)'g', (byte)'u', (byte)'a', (byte)'r', (byte)'d', 0, 0, 0,
            8, 0, 3, 0, 1, 0, 0, 0,                 // CTRL_ATTR_VERSION 1
            8, 0, 4, 0, 0, 0, 0, 0,                 // CTRL_ATTR_HDRSIZE 0
            8, 0, 5, 0, 8, 0, 0, 0,                 // CTRL_ATTR_MAXATTR 8
        ];
        Assert.Equal(new GenericNetlinkFamily("wireguard", 0x1b, 1, 8), FamilyOps.Parse(payload));
        payload[0] = 2;
        Assert.Null(FamilyOps.Parse(payload));
    }

    [Fact]
    public void Set_device_with_key_port_replace_peers_and_one_ipv4_peer_is_laid_out_as_the_uapi_header_says()
    {
        var settings = new WireGuardNetlinkSettings("wg0")
        {
            PrivateKey = KeyA,
            ListenPort = 51820,
            ReplacePeers = true,
            Peers =
            [
                new WireGuardNetlinkPeerSettings(KeyB)
                {
                    Endpoint = IPEndPoint.Parse("192.168.1.2:51821"),
                    PersistentKeepaliveSeconds = 25,
                    ReplaceAllowedIps = true,
                    AllowedIps = [IPNetwork.Parse("10.0.0.0/8")],
                },
            ],
        };
        var msg = WireGuardNetlinkCodec.WriteSet(new byte[WireGuardNetlinkCodec.SetBufferSize(settings)], 0x1b, settings).Finish(9).ToArray();

        var expected = new List<byte>();
        expected.AddRange([192, 0, 0, 0, 0x1b, 0, 0x05, 0, 9, 0, 0, 0, 0, 0, 0, 0]); // nlmsghdr: len 192, family 0x1b, REQUEST|ACK, seq 9
        expected.AddRange([1, 1, 0, 0]);                                              // genlmsghdr: WG_CMD_SET_DEVICE, version 1
        expected.AddRange([8, 0, 2, 0, (byte)'w', (byte)'g', (byte)'0', 0]);          // WGDEVICE_A_IFNAME "wg0\0"
        expected.AddRange([36, 0, 3, 0]);                                             // WGDEVICE_A_PRIVATE_KEY, 32 bytes
        expected.AddRange(KeyA);
        expected.AddRange([6, 0, 6, 0, 0x6c, 0xca, 0, 0]);                            // WGDEVICE_A_LISTEN_PORT u16 51820 host order, padded
        expected.AddRange([8, 0, 5, 0, 1, 0, 0, 0]);                                  // WGDEVICE_A_FLAGS WGDEVICE_F_REPLACE_PEERS
        expected.AddRange([112, 0, 8, 0x80]);                                         // WGDEVICE_A_PEERS | NLA_F_NESTED, 4 + 108
        expected.AddRange([108, 0, 0, 0x80]);                                         //   peer 0 | NLA_F_NESTED
        expected.AddRange([36, 0, 1, 0]);                                             //     WGPEER_A_PUBLIC_KEY
        expected.AddRange(KeyB);
        expected.AddRange([8, 0, 3, 0, 2, 0, 0, 0]);                                  //     WGPEER_A_FLAGS WGPEER_F_REPLACE_ALLOWEDIPS
        expected.AddRange([20, 0, 4, 0]);                                             //     WGPEER_A_ENDPOINT struct sockaddr_in (16)
        expected.AddRange([2, 0, 0xca, 0x6d, 192, 168, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]); //       AF_INET, port 51821 big-endian, address, sin_zero
        expected.AddRange([6, 0, 5, 0, 25, 0, 0, 0]);                                 //     WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL u16 25, padded
        expected.AddRange([32, 0, 9, 0x80]);                                          //     WGPEER_A_ALLOWEDIPS | NLA_F_NESTED, 4 + 28
        expected.AddRange([28, 0, 0, 0x80]);                                          //       allowed IP 0 | NLA_F_NESTED, 4 + 3 * 8
        expected.AddRange([6, 0, 1, 0, 2, 0, 0, 0]);                                  //         WGALLOWEDIP_A_FAMILY AF_INET, padded
        expected.AddRange([8, 0, 2, 0, 10, 0, 0, 0]);                                 //         WGALLOWEDIP_A_IPADDR 10.0.0.0
        expected.AddRange([5, 0, 3, 0, 8, 0, 0, 0]);                                  //         WGALLOWEDIP_A_CIDR_MASK 8, padded
        Assert.Equal(expected.ToArray(), msg);
    }

    [Fact]
    public void Set_device_with_an_ipv6_endpoint_and_allowed_ip_and_no_optional_device_attributes()
    {
        var settings = new WireGuardNetlinkSettings("nsm-wg1")
        {
            Peers = [new WireGuardNetlinkPeerSettings(KeyB) { Endpoint = IPEndPoint.Parse("[fd00::1]:4500"), AllowedIps = [IPNetwork.Parse("::/0")] }],
        };
        var msg = WireGuardNetlinkCodec.WriteSet(new byte[WireGuardNetlinkCodec.SetBufferSize(settings)], 0x1b, settings).Finish(1).ToArray();

        var expected = new List<byte>();
        expected.AddRange([152, 0, 0, 0, 0x1b, 0, 0x05, 0, 1, 0, 0, 0, 0, 0, 0, 0]);  // nlmsghdr, len 152
        expected.AddRange([1, 1, 0, 0]);                                              // WG_CMD_SET_DEVICE v1
        expected.AddRange([12, 0, 2, 0, (byte)'n', (byte)'s', (byte)'m', (byte)'-', (byte)'w', (byte)'g', (byte)'1', 0]); // IFNAME
        expected.AddRange([120, 0, 8, 0x80]);                                         // WGDEVICE_A_PEERS nested
        expected.AddRange([116, 0, 0, 0x80]);                                         //   peer 0 (no flags: the attribute is left out)
        expected.AddRange([36, 0, 1, 0]);
        expected.AddRange(KeyB);                                                      //     WGPEER_A_PUBLIC_KEY
        expected.AddRange([32, 0, 4, 0]);                                             //     WGPEER_A_ENDPOINT struct sockaddr_in6 (28)
        expected.AddRange([10, 0, 0x11, 0x94, 0, 0, 0, 0]);                           //       AF_INET6, port 4500 big-endian, sin6_flowinfo
        expected.AddRange([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);       //       sin6_addr fd00::1
        expected.AddRange([0, 0, 0, 0]);                                              //       sin6_scope_id
        expected.AddRange([44, 0, 9, 0x80]);                                          //     WGPEER_A_ALLOWEDIPS nested
        expected.AddRange([40, 0, 0, 0x80]);                                          //       allowed IP 0
        expected.AddRange([6, 0, 1, 0, 10, 0, 0, 0]);                                 //         FAMILY AF_INET6
        expected.AddRange([20, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); //     IPADDR ::
        expected.AddRange([5, 0, 3, 0, 0, 0, 0, 0]);                                  //         CIDR_MASK 0
        Assert.Equal(expected.ToArray(), msg);
    }

    [Fact]
    public void Get_device_is_a_dump_by_name()
    {
        var msg = WireGuardNetlinkCodec.WriteGet(new byte[64], 0x1b, "wg0").Finish(3).ToArray();
        byte[] expected =
        [
            28, 0, 0, 0, 0x1b, 0, 0x01, 0x03, 3, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: NLM_F_REQUEST | NLM_F_DUMP (0x301)
            0, 1, 0, 0,                                               // WG_CMD_GET_DEVICE, version 1
            8, 0, 2, 0, (byte)'w', (byte)'g', (byte)'0', 0,           // WGDEVICE_A_IFNAME
        ];
        Assert.Equal(expected, msg);
    }

    [Fact]
    public void Get_device_answer_split_over_two_messages_is_put_together()
    {
        // Message 1: device attributes and peer A with its first allowed IP.
        var first = new List<byte>();
        first.AddRange([0, 1, 0, 0]);                                              // genlmsghdr
        first.AddRange([6, 0, 6, 0, 0x6c, 0xca, 0, 0]);                            // LISTEN_PORT 51820
        first.AddRange([8, 0, 7, 0, 0x2a, 0, 0, 0]);                               // FWMARK 42
        first.AddRange([8, 0, 1, 0, 5, 0, 0, 0]);                                  // IFINDEX 5
        first.AddRange([8, 0, 2, 0, (byte)'w', (byte)'g', (byte)'0', 0]);          // IFNAME
        first.AddRange([36, 0, 3, 0]);
        first.AddRange(KeyA);                                                      // PRIVATE_KEY
        first.AddRange([36, 0, 4, 0]);
        first.AddRange(KeyB);                                                      // PUBLIC_KEY
        var peer = new List<byte>();
        peer.AddRange([36, 0, 1, 0]);
        peer.AddRange(KeyB);                                                       // WGPEER_A_PUBLIC_KEY
        peer.AddRange([36, 0, 2, 0]);
        peer.AddRange(new byte[32]);                                               // PRESHARED_KEY all zeros: none
        peer.AddRange([20, 0, 4, 0, 2, 0, 0xca, 0x6d, 192, 168, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]); // ENDPOINT 192.168.1.2:51821
        peer.AddRange([6, 0, 5, 0, 25, 0, 0, 0]);                                  // KEEPALIVE 25
        peer.AddRange([20, 0, 6, 0]);                                              // LAST_HANDSHAKE_TIME __kernel_timespec
        peer.AddRange(BitConverter.GetBytes(1_700_000_000L));                      //   tv_sec
        peer.AddRange(BitConverter.GetBytes(500_000_000L));                        //   tv_nsec
        peer.AddRange([12, 0, 7, 0, 0xe8, 0x03, 0, 0, 0, 0, 0, 0]);               // RX_BYTES 1000
        peer.AddRange([12, 0, 8, 0, 0xd0, 0x07, 0, 0, 0, 0, 0, 0]);               // TX_BYTES 2000
        peer.AddRange([32, 0, 9, 0x80, 28, 0, 0, 0x80, 6, 0, 1, 0, 2, 0, 0, 0, 8, 0, 2, 0, 10, 1, 0, 0, 5, 0, 3, 0, 16, 0, 0, 0]); // ALLOWEDIPS 10.1.0.0/16
        peer.AddRange([8, 0, 10, 0, 1, 0, 0, 0]);                                  // PROTOCOL_VERSION 1
        first.AddRange([(byte)(8 + peer.Count), 0, 8, 0x80, (byte)(4 + peer.Count), 0, 0, 0x80]);
        first.AddRange(peer);

        // Message 2: peer A again with only its key and the next allowed IP.
        var second = new List<byte>();
        second.AddRange([0, 1, 0, 0]);
        second.AddRange([76, 0, 8, 0x80, 72, 0, 0, 0x80, 36, 0, 1, 0]);
        second.AddRange(KeyB);
        second.AddRange([32, 0, 9, 0x80, 28, 0, 0, 0x80, 6, 0, 1, 0, 2, 0, 0, 0, 8, 0, 2, 0, 10, 2, 0, 0, 5, 0, 3, 0, 16, 0, 0, 0]); // ALLOWEDIPS 10.2.0.0/16

        var parser = new WireGuardDumpParser();
        parser.Add(first.ToArray());
        parser.Add(second.ToArray());
        var device = parser.Device!;
        Assert.Equal((5, "wg0", 51820, 42u), (device.InterfaceIndex, device.InterfaceName, device.ListenPort, device.Fwmark));
        Assert.Equal(KeyA, device.PrivateKey!.Value.ToArray());
        Assert.Equal(KeyB, device.PublicKey!.Value.ToArray());
        var p = Assert.Single(device.Peers);
        Assert.Equal(KeyB, p.PublicKey.ToArray());
        Assert.False(p.HasPresharedKey);
        Assert.Equal(IPEndPoint.Parse("192.168.1.2:51821"), p.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(25), p.PersistentKeepalive);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(500), p.LastHandshake);
        Assert.Equal((1000L, 2000L, 1), (p.RxBytes, p.TxBytes, p.ProtocolVersion));
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.0/16")], p.AllowedIps);
    }

    [Fact]
    public void No_handshake_and_no_endpoint_read_as_null()
    {
        Assert.Null(WireGuardDumpParser.ParseSockaddr(new byte[16])); // AF_UNSPEC
        var buffer = new byte[28];
        Assert.Equal(28, WireGuardNetlinkCodec.WriteSockaddr(buffer, IPEndPoint.Parse("[fe80::1%3]:7")));
        Assert.Equal(IPEndPoint.Parse("[fe80::1%3]:7"), WireGuardDumpParser.ParseSockaddr(buffer));
        Assert.Equal(16, WireGuardNetlinkCodec.WriteSockaddr(buffer, new IPEndPoint(IPAddress.Parse("10.0.0.1").MapToIPv6(), 9)));
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:9"), WireGuardDumpParser.ParseSockaddr(buffer.AsSpan(0, 16)));
    }
}
