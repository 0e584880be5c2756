using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The synchronous policy-rule requests behind <see cref="NetlinkHandle"/> (struct fib_rule_hdr shares rtmsg's layout).</summary>
internal static class RuleOps
{
    public static void Modify(NetlinkSocket s, ushort type, RoutingRule rule)
    {
        var add = type == Nl.RTM_NEWRULE;
        Span<byte> buf = stackalloc byte[256];
        var w = new NetlinkWriter(buf, type, (ushort)(Nl.NLM_F_ACK | (add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0)));
        w.Struct(new RtMsg
        {
            Family = AddressOps.FamilyByte(rule.Family),
            DstLen = (byte)(rule.To?.PrefixLength ?? 0),
            SrcLen = (byte)(rule.From?.PrefixLength ?? 0),
            Table = rule.Table is > 0 and < 256 ? (byte)rule.Table : Rta.RT_TABLE_UNSPEC,
            Type = add ? Rta.FR_ACT_TO_TBL : (byte)0, // fib_rule_hdr.action
        });
        if (rule.Table > 0)
        {
            w.U32(Rta.FRA_TABLE, (uint)rule.Table);
        }

        if (rule.From is { } from)
        {
            w.Address(Rta.FRA_SRC, from.Network.Address);
        }

        if (rule.To is { } to)
        {
            w.Address(Rta.FRA_DST, to.Network.Address);
        }

        if (rule.Priority is { } prio)
        {
            w.U32(Rta.FRA_PRIORITY, (uint)prio);
        }

        if (rule.IpProtocol is { } proto)
        {
            w.U8(Rta.FRA_IP_PROTO, (byte)proto);
        }

        WritePorts(ref w, Rta.FRA_SPORT_RANGE, rule.SourcePorts);
        WritePorts(ref w, Rta.FRA_DPORT_RANGE, rule.DestinationPorts);
        if (rule.InputInterface is not null)
        {
            w.String(Rta.FRA_IIFNAME, rule.InputInterface);
        }

        if (rule.OutputInterface is not null)
        {
            w.String(Rta.FRA_OIFNAME, rule.OutputInterface);
        }

        if (rule.FirewallMark is { } mark)
        {
            w.U32(Rta.FRA_FWMARK, mark);
        }

        s.Execute(ref w, Nl.TypeName(type), rule.ToString());
    }

    public static List<RoutingRule> List(NetlinkSocket s, AddressFamily? family)
    {
        Span<byte> buf = stackalloc byte[64];
        var w = new NetlinkWriter(buf, Nl.RTM_GETRULE, Nl.NLM_F_DUMP);
        w.Struct(new RtMsg { Family = AddressOps.FamilyByte(family) });
        var result = new List<RoutingRule>();
        s.Query(ref w, "RTM_GETRULE dump", string.Empty, result, static (type, payload, l) =>
        {
            if (type == Nl.RTM_NEWRULE)
            {
                l.Add(Decode(payload));
            }
        });
        return result;
    }

    private static void WritePorts(ref NetlinkWriter w, ushort type, PortRange? range)
    {
        if (range is { } r)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(b, r.Start);
            BinaryPrimitives.WriteUInt16LittleEndian(b[2..], r.End);
            w.Attr(type, b);
        }
    }

    private static RoutingRule Decode(ReadOnlySpan<byte> payload)
    {
        var h = MemoryMarshal.Read<RtMsg>(payload);
        var rule = new RoutingRule { Table = h.Table, IPv6 = h.Family == Rta.AF_INET6 };
        var r = new AttributeReader(payload[Marshal.SizeOf<RtMsg>()..]);
        while (r.Next())
        {
            rule = r.Type switch
            {
                Rta.FRA_TABLE => rule with { Table = (int)r.U32 },
                Rta.FRA_SRC when r.Address is { } a => rule with { From = new NetlinkPrefix(a, h.SrcLen) },
                Rta.FRA_DST when r.Address is { } a => rule with { To = new NetlinkPrefix(a, h.DstLen) },
                Rta.FRA_PRIORITY => rule with { Priority = (int)r.U32 },
                Rta.FRA_IP_PROTO => rule with { IpProtocol = r.U8 },
                Rta.FRA_SPORT_RANGE => rule with { SourcePorts = Ports(r.Value) },
                Rta.FRA_DPORT_RANGE => rule with { DestinationPorts = Ports(r.Value) },
                Rta.FRA_IIFNAME => rule with { InputInterface = r.String },
                Rta.FRA_OIFNAME => rule with { OutputInterface = r.String },
                Rta.FRA_FWMARK => rule with { FirewallMark = r.U32 },
                _ => rule,
            };
        }

        return rule;
    }

    private static PortRange? Ports(ReadOnlySpan<byte> v) => v.Length < 4 ? null
        : new PortRange(BinaryPrimitives.ReadUInt16LittleEndian(v), BinaryPrimitives.ReadUInt16LittleEndian(v[2..]));
}
