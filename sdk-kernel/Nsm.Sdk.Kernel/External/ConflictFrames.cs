using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;

namespace Nsm.Sdk.Kernel.External;

/// <summary>
/// The frames of address conflict detection: the RFC 5227 ARP probe (who-has the candidate, sender IP 0.0.0.0) and the
/// RFC 4862 duplicate address detection neighbour solicitation (from :: to the candidate's solicited-node group), and
/// what counts as an answer.
/// </summary>
internal static class ConflictFrames
{
    public const ushort ArpEtherType = 0x0806;
    public const ushort IPv6EtherType = 0x86DD;
    private const int EthernetHeader = 14;
    private const int ArpLength = 28;
    private const int IPv6Header = 40;
    private const int SolicitationLength = 24;
    private const byte IcmpV6 = 58;
    private const byte NeighborSolicitation = 135;
    private const byte NeighborAdvertisement = 136;

    /// <summary>The ARP probe for <paramref name="target"/> sent from <paramref name="mac"/>.</summary>
    public static byte[] ArpProbe(PhysicalAddress mac, IPAddress target)
    {
        var frame = new byte[EthernetHeader + ArpLength];
        var f = frame.AsSpan();
        f[..6].Fill(0xFF);
        mac.GetAddressBytes().CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], ArpEtherType);
        var arp = f[EthernetHeader..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1); // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800); // IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1); // request
        mac.GetAddressBytes().CopyTo(arp[8..]);
        // sender IP 0.0.0.0 (arp[14..18]) and target MAC zero (arp[18..24]) stay zero
        target.GetAddressBytes().CopyTo(arp[24..]);
        return frame;
    }

    /// <summary>
    /// True when an ARP frame shows <paramref name="target"/> in use: any ARP with it as sender IP (a reply to the
    /// probe, an announcement), or another host's probe for it (RFC 5227 §2.1.1).
    /// </summary>
    public static bool IsArpConflict(ReadOnlySpan<byte> frame, IPAddress target, PhysicalAddress mac)
    {
        if (frame.Length < EthernetHeader + ArpLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != ArpEtherType)
        {
            return false;
        }

        var arp = frame[EthernetHeader..];
        var senderMac = arp.Slice(8, 6);
        var senderIp = arp.Slice(14, 4);
        var targetIp = arp.Slice(24, 4);
        Span<byte> wanted = stackalloc byte[4];
        target.TryWriteBytes(wanted, out _);
        if (senderIp.SequenceEqual(wanted))
        {
            return true;
        }

        var probe = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]) == 1 && BinaryPrimitives.ReadUInt32BigEndian(senderIp) == 0;
        return probe && targetIp.SequenceEqual(wanted) && !senderMac.SequenceEqual(mac.GetAddressBytes());
    }

    /// <summary>The duplicate address detection solicitation for <paramref name="target"/> sent from <paramref name="mac"/>.</summary>
    public static byte[] NeighborSolicitationFrame(PhysicalAddress mac, IPAddress target)
    {
        var t = target.GetAddressBytes();
        var frame = new byte[EthernetHeader + IPv6Header + SolicitationLength];
        var f = frame.AsSpan();
        byte[] group = [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, t[13], t[14], t[15]];
        byte[] groupMac = [0x33, 0x33, 0xFF, t[13], t[14], t[15]];
        groupMac.CopyTo(f);
        mac.GetAddressBytes().CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], IPv6EtherType);
        var ip = f[EthernetHeader..];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], SolicitationLength);
        ip[6] = IcmpV6;
        ip[7] = 255; // hop limit
        // source :: (ip[8..24]) stays zero
        group.CopyTo(ip[24..]);
        var icmp = ip[IPv6Header..];
        icmp[0] = NeighborSolicitation;
        t.CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(ip[8..24], ip[24..40], icmp));
        return frame;
    }

    /// <summary>
    /// True when an IPv6 frame shows <paramref name="target"/> in use: a neighbour advertisement for it, or another
    /// host's duplicate address detection solicitation for it (RFC 4862 §5.4.3).
    /// </summary>
    public static bool IsNeighborConflict(ReadOnlySpan<byte> frame, IPAddress target, PhysicalAddress mac)
    {
        const int icmp = EthernetHeader + IPv6Header;
        if (frame.Length < icmp + SolicitationLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != IPv6EtherType || frame[EthernetHeader + 6] != IcmpV6)
        {
            return false;
        }

        Span<byte> wanted = stackalloc byte[16];
        target.TryWriteBytes(wanted, out _);
        if (!frame.Slice(icmp + 8, 16).SequenceEqual(wanted))
        {
            return false;
        }

        var type = frame[icmp];
        var fromUnspecified = frame.Slice(EthernetHeader + 8, 16).IndexOfAnyExcept((byte)0) < 0;
        return type == NeighborAdvertisement
            || (type == NeighborSolicitation && fromUnspecified && !frame.Slice(6, 6).SequenceEqual(mac.GetAddressBytes()));
    }

    /// <summary>The ICMPv6 checksum over the pseudo-header and the message (whose checksum field is zero).</summary>
    private static ushort Checksum(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        ulong sum = 0;
        static ulong Add(ReadOnlySpan<byte> data)
        {
            ulong s = 0;
            for (var i = 0; i + 1 < data.Length; i += 2)
            {
                s += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            }

            return data.Length % 2 == 1 ? s + ((ulong)data[^1] << 8) : s;
        }

        sum += Add(source) + Add(destination) + (ulong)message.Length + IcmpV6 + Add(message);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
