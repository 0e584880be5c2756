using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The synchronous neighbour requests behind <see cref="NetlinkHandle"/>.</summary>
internal static class NeighborOps
{
    public static void Modify(NetlinkSocket s, ushort type, ushort flags, Neighbor n)
    {
        var index = n.Device.Length > 0 ? LinkOps.ResolveIndex(s, n.Device) : n.DeviceIndex;
        Span<byte> buf = stackalloc byte[128];
        var w = new NetlinkWriter(buf, type, (ushort)(Nl.NLM_F_ACK | flags));
        w.Struct(new NdMsg
        {
            Family = n.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Rta.AF_INET6 : Rta.AF_INET,
            Index = index,
            State = (ushort)n.State,
        });
        w.Address(Rta.NDA_DST, n.Address);
        if (n.Mac is not null && type != Nl.RTM_DELNEIGH)
        {
            w.Attr(Rta.NDA_LLADDR, n.Mac.GetAddressBytes());
        }

        s.Execute(ref w, Nl.TypeName(type), n.ToString());
    }

    public static List<Neighbor> List(NetlinkSocket s, string? link)
    {
        var index = link is null ? 0 : LinkOps.ResolveIndex(s, link);
        Span<byte> buf = stackalloc byte[64];
        var w = new NetlinkWriter(buf, Nl.RTM_GETNEIGH, Nl.NLM_F_DUMP);
        w.Struct(default(NdMsg));
        var result = new List<Neighbor>();
        s.Query(ref w, "RTM_GETNEIGH dump", link ?? string.Empty, (result, index), static (type, payload, st) =>
        {
            if (type == Nl.RTM_NEWNEIGH && Decode(payload) is { } n && (st.index == 0 || n.DeviceIndex == st.index))
            {
                st.result.Add(n);
            }
        });
        return result;
    }

    private static Neighbor? Decode(ReadOnlySpan<byte> payload)
    {
        var msg = MemoryMarshal.Read<NdMsg>(payload);
        System.Net.IPAddress? ip = null;
        PhysicalAddress? mac = null;
        var r = new AttributeReader(payload[Marshal.SizeOf<NdMsg>()..]);
        while (r.Next())
        {
            if (r.Type == Rta.NDA_DST)
            {
                ip = r.Address;
            }
            else if (r.Type == Rta.NDA_LLADDR)
            {
                mac = new PhysicalAddress(r.Value.ToArray());
            }
        }

        return ip is null ? null : new Neighbor(string.Empty, ip, mac) { DeviceIndex = msg.Index, State = (NeighborState)msg.State };
    }
}
