using System.Buffers.Binary;
using System.Net;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>
/// Parses ctnetlink event messages: a datagram holds one or more netlink messages, each a header, a struct nfgenmsg
/// and the <c>CTA_*</c> attributes (nested ones carry NLA_F_NESTED, which <see cref="AttributeReader"/> masks off;
/// numbers are big-endian). New and update events share a type: a new flow's message has NLM_F_CREATE.
/// </summary>
internal static class ConntrackMessage
{
    /// <summary>Parses the events of one datagram; messages that are not ctnetlink events, or that are malformed, are skipped.</summary>
    /// <param name="datagram">The bytes received.</param>
    /// <param name="events">Receives the events in order.</param>
    /// <returns>How many messages were skipped as malformed.</returns>
    public static int Parse(ReadOnlySpan<byte> datagram, List<ConntrackEvent> events)
    {
        var malformed = 0;
        while (datagram.Length >= Nl.HeaderSize)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < Nl.HeaderSize || length > datagram.Length)
            {
                return malformed + 1;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[6..]);
            var payload = datagram[Nl.HeaderSize..length];
            datagram = datagram[Math.Min(Nl.Align(length), datagram.Length)..];
            ConntrackEventType kind = type switch
            {
                Ctnetlink.MsgNew => (flags & Nl.NLM_F_CREATE) != 0 ? ConntrackEventType.New : ConntrackEventType.Update,
                Ctnetlink.MsgDelete => ConntrackEventType.Destroy,
                _ => ConntrackEventType.None,
            };
            if (kind == ConntrackEventType.None)
            {
                continue;
            }

            if (TryParseEvent(kind, payload, out var e))
            {
                events.Add(e);
            }
            else
            {
                malformed++;
            }
        }

        return malformed;
    }

    /// <summary>Parses the payload (nfgenmsg and attributes) of one event message.</summary>
    /// <param name="kind">What the message type says happened.</param>
    /// <param name="payload">The bytes after the netlink header.</param>
    /// <param name="e">The event.</param>
    /// <returns>False when the message has no original tuple.</returns>
    public static bool TryParseEvent(ConntrackEventType kind, ReadOnlySpan<byte> payload, out ConntrackEvent e)
    {
        e = null!;
        if (payload.Length < Ctnetlink.NfGenMsgSize)
        {
            return false;
        }

        ConntrackTuple? original = null, reply = null;
        ConntrackCounters? originalCounters = null, replyCounters = null;
        uint id = 0, mark = 0;
        var attributes = new AttributeReader(payload[Ctnetlink.NfGenMsgSize..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Ctnetlink.CTA_TUPLE_ORIG:
                    original = ParseTuple(attributes.Nested);
                    break;
                case Ctnetlink.CTA_TUPLE_REPLY:
                    reply = ParseTuple(attributes.Nested);
                    break;
                case Ctnetlink.CTA_COUNTERS_ORIG:
                    originalCounters = ParseCounters(attributes.Nested);
                    break;
                case Ctnetlink.CTA_COUNTERS_REPLY:
                    replyCounters = ParseCounters(attributes.Nested);
                    break;
                case Ctnetlink.CTA_ID:
                    id = BigEndian32(attributes.Value);
                    break;
                case Ctnetlink.CTA_MARK:
                    mark = BigEndian32(attributes.Value);
                    break;
            }
        }

        if (original is null)
        {
            return false;
        }

        e = new ConntrackEvent(kind, original)
        {
            Reply = reply,
            Id = id,
            Mark = mark,
            OriginalCounters = originalCounters,
            ReplyCounters = replyCounters,
        };
        return true;
    }

    private static ConntrackTuple? ParseTuple(AttributeReader tuple)
    {
        IPAddress? source = null, destination = null;
        byte protocol = 0, icmpType = 0, icmpCode = 0;
        ushort sourcePort = 0, destinationPort = 0, icmpId = 0;
        while (tuple.Next())
        {
            if (tuple.Type == Ctnetlink.CTA_TUPLE_IP)
            {
                var ip = tuple.Nested;
                while (ip.Next())
                {
                    switch (ip.Type)
                    {
                        case Ctnetlink.CTA_IP_V4_SRC or Ctnetlink.CTA_IP_V6_SRC:
                            source = ip.Address;
                            break;
                        case Ctnetlink.CTA_IP_V4_DST or Ctnetlink.CTA_IP_V6_DST:
                            destination = ip.Address;
                            break;
                    }
                }
            }
            else if (tuple.Type == Ctnetlink.CTA_TUPLE_PROTO)
            {
                var proto = tuple.Nested;
                while (proto.Next())
                {
                    switch (proto.Type)
                    {
                        case Ctnetlink.CTA_PROTO_NUM:
                            protocol = proto.U8;
                            break;
                        case Ctnetlink.CTA_PROTO_SRC_PORT:
                            sourcePort = BigEndian16(proto.Value);
                            break;
                        case Ctnetlink.CTA_PROTO_DST_PORT:
                            destinationPort = BigEndian16(proto.Value);
                            break;
                        case Ctnetlink.CTA_PROTO_ICMP_ID or Ctnetlink.CTA_PROTO_ICMPV6_ID:
                            icmpId = BigEndian16(proto.Value);
                            break;
                        case Ctnetlink.CTA_PROTO_ICMP_TYPE or Ctnetlink.CTA_PROTO_ICMPV6_TYPE:
                            icmpType = proto.U8;
                            break;
                        case Ctnetlink.CTA_PROTO_ICMP_CODE or Ctnetlink.CTA_PROTO_ICMPV6_CODE:
                            icmpCode = proto.U8;
                            break;
                    }
                }
            }
        }

        return source is null || destination is null
            ? null
            : new ConntrackTuple(protocol, source, destination, sourcePort, destinationPort) { IcmpType = icmpType, IcmpCode = icmpCode, IcmpId = icmpId };
    }

    private static ConntrackCounters ParseCounters(AttributeReader counters)
    {
        ulong packets = 0, bytes = 0;
        while (counters.Next())
        {
            switch (counters.Type)
            {
                case Ctnetlink.CTA_COUNTERS_PACKETS:
                    packets = BigEndian64(counters.Value);
                    break;
                case Ctnetlink.CTA_COUNTERS_BYTES:
                    bytes = BigEndian64(counters.Value);
                    break;
                case Ctnetlink.CTA_COUNTERS32_PACKETS:
                    packets = BigEndian32(counters.Value);
                    break;
                case Ctnetlink.CTA_COUNTERS32_BYTES:
                    bytes = BigEndian32(counters.Value);
                    break;
            }
        }

        return new ConntrackCounters(packets, bytes);
    }

    private static ushort BigEndian16(ReadOnlySpan<byte> value) => value.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(value) : (ushort)0;

    private static uint BigEndian32(ReadOnlySpan<byte> value) => value.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;

    private static ulong BigEndian64(ReadOnlySpan<byte> value) => value.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;
}
