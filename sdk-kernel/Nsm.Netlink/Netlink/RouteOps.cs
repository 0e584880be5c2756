using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The synchronous route requests behind <see cref="NetlinkHandle"/>.</summary>
internal static class RouteOps
{
    public static void Modify(NetlinkSocket s, ushort type, ushort flags, Route route)
    {
        var oif = route.Device is not null ? LinkOps.ResolveIndex(s, route.Device) : route.DeviceIndex ?? 0;
        var delete = type == Nl.RTM_DELROUTE;
        var family = AddressOps.FamilyByte(route.Family);
        var scope = route.Scope ?? (delete ? RouteScope.Nowhere : route.Gateway is null ? RouteScope.Link : RouteScope.Universe);
        if (!delete && family == Rta.AF_INET6)
        {
            scope = RouteScope.Universe;
        }

        Span<byte> buf = stackalloc byte[256];
        var w = new NetlinkWriter(buf, type, (ushort)(Nl.NLM_F_ACK | flags));
        w.Struct(new RtMsg
        {
            Family = family,
            DstLen = (byte)(route.Destination?.PrefixLength ?? 0),
            Table = route.Table < 256 ? (byte)route.Table : Rta.RT_TABLE_UNSPEC,
            Protocol = delete ? (byte)0 : Rta.RTPROT_BOOT,
            Scope = (byte)scope,
            Type = delete ? (byte)0 : Rta.RTN_UNICAST,
            Flags = route.OnLink ? Rta.RTNH_F_ONLINK : 0,
        });
        w.U32(Rta.RTA_TABLE, (uint)route.Table);
        if (route.Destination is { } dst)
        {
            w.Address(Rta.RTA_DST, dst.Network.Address);
        }

        if (route.Gateway is not null)
        {
            w.Address(Rta.RTA_GATEWAY, route.Gateway);
        }

        if (oif != 0)
        {
            w.U32(Rta.RTA_OIF, (uint)oif);
        }

        if (route.Source is not null)
        {
            w.Address(Rta.RTA_PREFSRC, route.Source);
        }

        if (route.Metric is { } metric)
        {
            w.U32(Rta.RTA_PRIORITY, (uint)metric);
        }

        s.Execute(ref w, Nl.TypeName(type), route.ToString());
    }

    public static List<Route> List(NetlinkSocket s, AddressFamily? family, int? table)
    {
        Span<byte> buf = stackalloc byte[64];
        var w = new NetlinkWriter(buf, Nl.RTM_GETROUTE, Nl.NLM_F_DUMP);
        w.Struct(new RtMsg { Family = AddressOps.FamilyByte(family) });
        var result = new List<Route>();
        s.Query(ref w, "RTM_GETROUTE dump", string.Empty, (result, table), static (type, payload, st) =>
        {
            if (type == Nl.RTM_NEWROUTE && Decode(payload) is { } r && (st.table is null || st.table == r.Table))
            {
                st.result.Add(r);
            }
        });
        return result;
    }

    private static Route? Decode(ReadOnlySpan<byte> payload)
    {
        var msg = MemoryMarshal.Read<RtMsg>(payload);
        if (msg.Family is not (Rta.AF_INET or Rta.AF_INET6))
        {
            return null;
        }

        IPAddress? dst = null, gw = null, src = null;
        int table = msg.Table, oif = 0;
        int? metric = null;
        var r = new AttributeReader(payload[Marshal.SizeOf<RtMsg>()..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case Rta.RTA_DST: dst = r.Address; break;
                case Rta.RTA_GATEWAY: gw = r.Address; break;
                case Rta.RTA_PREFSRC: src = r.Address; break;
                case Rta.RTA_OIF: oif = (int)r.U32; break;
                case Rta.RTA_TABLE: table = (int)r.U32; break;
                case Rta.RTA_PRIORITY: metric = (int)r.U32; break;
                default: break;
            }
        }

        return new Route
        {
            Destination = dst is null ? null : new NetlinkPrefix(dst, msg.DstLen),
            Gateway = gw,
            DeviceIndex = oif == 0 ? null : oif,
            Table = table,
            Scope = (RouteScope)msg.Scope,
            Source = src,
            Metric = metric,
            OnLink = (msg.Flags & Rta.RTNH_F_ONLINK) != 0,
            IPv6 = msg.Family == Rta.AF_INET6,
            Type = msg.Type,
        };
    }
}
