using System.Globalization;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Messages.WireGuard;
using static Nsm.Vpp.Messages.Tests.Wire;

namespace Nsm.Vpp.Messages.Tests;

// Every message class: its name_crc is the reference's, its default body has the reference's size, it round-trips,
// and every truncation of its body is a VppDecodeException.
public class AllMessagesTests
{
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var type in MessageTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    private static Type Find(string name) => MessageTypes().Single(t => t.FullName == name);

    [Fact]
    public void Every_group_is_there()
    {
        var names = MessageTypes().Select(NameCrc).ToHashSet();
        Assert.True(names.Count >= 84, $"only {names.Count} messages");
        foreach (var expected in new[]
        {
            "sw_interface_set_flags_f5aec1b8", "sw_interface_add_del_address_5463d73b", "af_packet_create_v3_b3a809d4",
            "memif_create_v2_8c7de5f7", "sw_interface_set_l2_xconnect_4fa28a85", "ip_route_add_del_b8ecfe0d",
            "ip_neighbor_add_del_0607c257", "acl_add_replace_ee5c2f18", "vxlan_add_del_tunnel_v3_0072b037",
            "wireguard_peer_add_9b8aad61", "create_vlan_subif_af34ac8b", "l2_interface_vlan_tag_rewrite_62cc0bbc",
        })
        {
            Assert.Contains(expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Name_and_crc_are_in_the_reference_table(string name) =>
        Assert.Contains(NameCrc(Find(name)), ReferenceTable.NameCrcs);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Replies_carry_retval_and_requests_do_not(string name)
    {
        var type = Find(name);
        var messageName = NameCrc(type);
        var isReply = messageName.Contains("_reply_", StringComparison.Ordinal);
        Assert.Equal(isReply, typeof(IVppReply).IsAssignableFrom(type));
        var isRequest = !isReply && !messageName.Contains("_details_", StringComparison.Ordinal);
        Assert.Equal(isRequest ? VppMessageKind.Request : VppMessageKind.Reply, Kind(type));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Default_body_has_the_reference_size(string name)
    {
        var type = Find(name);
        var message = (IVppMessage)Activator.CreateInstance(type)!;
        var size = SizeTable.Sizes[NameCrc(type)];
        var header = Kind(type) == VppMessageKind.Request ? 10 : 6;
        var plus = size.IndexOf('+', StringComparison.Ordinal);
        var expected = int.Parse(plus < 0 ? size : size[..plus], CultureInfo.InvariantCulture) - header;
        if (type.GetProperties().Any(p => p.PropertyType == typeof(string) && p.Name == "SocketFilename" && message is not Memif.MemifSocketFilenameDetails))
        {
            expected += 4; // the empty variable string's u32 length
        }

        Assert.Equal(expected, Body(message).Length);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trip_and_truncation(string name)
    {
        var type = Find(name);
        var body = Body(Sample(type));
        var back = (IVppMessage)DecodeAs(type, body);
        Assert.Equal(ToHex(body), ToHex(Body(back)));
        for (var length = 0; length < body.Length; length++)
        {
            var cut = body[..length];
            var error = Assert.Throws<TargetInvocationExceptionUnwrapped>(() => Unwrap(() => DecodeAs(type, cut)));
            Assert.IsType<VppDecodeException>(error.InnerException);
        }
    }

    [Fact]
    public void Fixed_strings_hold_at_most_n_minus_1_bytes()
    {
        Assert.Equal(64 + 5, Body(new SwInterfaceTagAddDel { Tag = new string('t', 63) }).Length);
        Assert.Throws<ArgumentException>(() => Body(new SwInterfaceTagAddDel { Tag = new string('t', 64) }));
        Assert.Throws<ArgumentException>(() => Body(new AfPacket.AfPacketCreateV3 { HostIfName = new string('h', 64) }));
        Assert.Throws<ArgumentException>(() => Body(new Memif.MemifCreateV2 { Secret = new string('s', 24) }));
        Assert.Equal(66 - 10, Body(new Memif.MemifCreateV2 { Secret = new string('s', 23) }).Length);
        Assert.Equal("ab", Decode<SwInterfaceTagAddDel>(Hex("01 00000001 6162" + new string('0', 124))).Tag);
    }

    [Fact]
    public void Counts_are_written_from_the_arrays_and_checked()
    {
        Assert.Throws<InvalidOperationException>(() => Body(new AclInterfaceSetAclList { Acls = new uint[256] }));
        Assert.Throws<InvalidOperationException>(() => Body(new WireguardPeerAdd { Peer = new WireguardPeer { AllowedIps = new VppPrefix[256] } }));
        Assert.Throws<InvalidOperationException>(() => Body(new SwInterfaceSetMtu { Mtu = [1500] }));

        // count 2 with one element sent: VPP drops it as truncated; the decoder says so.
        Assert.Throws<VppDecodeException>(() => Decode<AclInterfaceSetAclList>(Hex("00000001 02 01 00000000")));
        // a u32 count far beyond the body does not allocate.
        Assert.Throws<VppDecodeException>(() => Decode<AclAddReplace>(Hex("ffffffff" + new string('0', 128) + "7fffffff")));
    }

    [Fact]
    public void Constructors_set_the_json_defaults()
    {
        Assert.True(new SwInterfaceAddDelAddress().IsAdd);
        Assert.True(new SwInterfaceTagAddDel().IsAdd);
        Assert.True(new Vxlan.VxlanAddDelTunnelV3().IsAdd);
        Assert.Equal(uint.MaxValue, new Vxlan.VxlanAddDelTunnelV3().Instance);
        Assert.Equal(uint.MaxValue, new Vxlan.VxlanAddDelTunnelV3().McastSwIfIndex);
        Assert.Equal(1, new AfPacket.AfPacketCreateV3().NumRxQueues);
        Assert.Equal(1, new AfPacket.AfPacketCreateV3().NumTxQueues);
        Assert.Equal(uint.MaxValue, new Memif.MemifSocketFilenameAddDelV2().SocketId);
        Assert.True(new L2.SwInterfaceSetL2Xconnect().Enable);
        Assert.True(new L2.SwInterfaceSetL2Bridge().Enable);
        Assert.Equal(uint.MaxValue, new L2.BridgeDomainAddDelV2().BdId);
        Assert.True(new Ip.IpTableAddDelV2().CreateMfib);
        Assert.True(new Ip.IpRouteAddDel().IsAdd);
        Assert.Equal(uint.MaxValue, new AclAddReplace().AclIndex);
        Assert.Equal(uint.MaxValue, new WireguardInterface().UserInstance);
        Assert.Equal(1, new FibPath().Weight);
    }

    private static object Unwrap(Func<object> call)
    {
        try
        {
            return call();
        }
        catch (System.Reflection.TargetInvocationException e)
        {
            throw new TargetInvocationExceptionUnwrapped(e.InnerException!);
        }
    }

    // A message with every field non-default where that is cheap: strings, arrays, addresses, keys.
    private static IVppMessage Sample(Type type)
    {
        var message = (IVppMessage)Activator.CreateInstance(type)!;
        Fill(message, 1);
        return message;
    }

    private static void Fill(object target, int seed)
    {
        foreach (var property in target.GetType().GetProperties().Where(p => p.CanWrite))
        {
            var t = property.PropertyType;
            object? value = t switch
            {
                _ when t == typeof(uint) => (uint)(0x01020300 + seed),
                _ when t == typeof(int) => -seed,
                _ when t == typeof(ushort) => (ushort)(0x0400 + seed),
                _ when t == typeof(byte) => (byte)(seed + 1),
                _ when t == typeof(bool) => true,
                _ when t == typeof(string) => "nsm-" + seed,
                _ when t == typeof(byte[]) => Enumerable.Range(seed, 32).Select(i => (byte)i).ToArray(),
                _ when t == typeof(VppAddress) => VppAddress.Parse("fd00::" + seed),
                _ when t == typeof(VppPrefix) => VppPrefix.Parse("10.0." + seed + ".1/24"),
                _ when t == typeof(MacAddress) => MacAddress.Parse("02:00:00:00:00:0" + seed),
                _ when t.IsEnum => Enum.ToObject(t, 1),
                _ when t == typeof(IReadOnlyList<uint>) => property.Name == "Mtu" ? new uint[] { 1500, 0, 9000, 0 } : new uint[] { 3, 1, 2 },
                _ when t == typeof(IReadOnlyList<VppPrefix>) => new[] { VppPrefix.Parse("10.99.0.0/24"), VppPrefix.Parse("fd00::/64") },
                _ when t == typeof(IReadOnlyList<AclRule>) => new[] { Filled<AclRule>(seed), Filled<AclRule>(seed + 1) },
                _ when t == typeof(IReadOnlyList<FibPath>) => new[] { FibPath.Via(System.Net.IPAddress.Parse("10.77.0.2"), 1), FibPath.Via(System.Net.IPAddress.Parse("fd00::2")) },
                _ when t.Namespace == typeof(AclRule).Namespace && t.IsClass => FilledObject(t, seed + 1),
                _ => null,
            };
            if (value is not null)
            {
                property.SetValue(target, value);
            }
        }
    }

    private static T Filled<T>(int seed)
        where T : new()
    {
        var value = new T();
        Fill(value, seed);
        return value;
    }

    private static object FilledObject(Type type, int seed)
    {
        var value = Activator.CreateInstance(type)!;
        Fill(value, seed);
        return value;
    }

    private sealed class TargetInvocationExceptionUnwrapped(Exception inner) : Exception("decode failed", inner);
}
