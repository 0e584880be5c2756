using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The synchronous address requests behind <see cref="NetlinkHandle"/>.</summary>
internal static class AddressOps
{
    public static void Modify(NetlinkSocket s, ushort type, ushort flags, string link, NetlinkPrefix prefix)
    {
        var index = LinkOps.ResolveIndex(s, link);
        Span<byte> buf = stackalloc byte[128];
        var w = new NetlinkWriter(buf, type, (ushort)(Nl.NLM_F_ACK | flags));
        w.Struct(new IfAddrMsg { Family = prefix.Family, PrefixLen = (byte)prefix.PrefixLength, Index = index });
        w.Address(Rta.IFA_LOCAL, prefix.Address);
        w.Address(Rta.IFA_ADDRESS, prefix.Address);
        if (type == Nl.RTM_NEWADDR)
        {
            // Permanent like `ip addr add`; IPv6 skips duplicate address detection, as NSM does, so it is usable at once.
            w.U32(Rta.IFA_FLAGS, Rta.IFA_F_PERMANENT | (prefix.IsIPv6 ? Rta.IFA_F_NODAD : 0));
        }

        s.Execute(ref w, Nl.TypeName(type), $"{link} {prefix}");
    }

    public static List<AddressInfo> List(NetlinkSocket s, string? link, AddressFamily? family)
    {
        var index = link is null ? 0 : LinkOps.ResolveIndex(s, link);
        Span<byte> buf = stackalloc byte[64];
        var w = new NetlinkWriter(buf, Nl.RTM_GETADDR, Nl.NLM_F_DUMP);
        w.Struct(new IfAddrMsg { Family = FamilyByte(family) });
        var result = new List<AddressInfo>();
        s.Query(ref w, "RTM_GETADDR dump", link ?? string.Empty, (result, index), static (type, payload, st) =>
        {
            if (type == Nl.RTM_NEWADDR && AddressInfo.Decode(payload) is { } a && (st.index == 0 || a.LinkIndex == st.index))
            {
                st.result.Add(a);
            }
        });
        return result;
    }

    public static byte FamilyByte(AddressFamily? family) => family switch
    {
        AddressFamily.InterNetwork => Rta.AF_INET,
        AddressFamily.InterNetworkV6 => Rta.AF_INET6,
        null => Rta.AF_UNSPEC,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6"),
    };
}
