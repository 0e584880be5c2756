using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>The state of a link as the kernel reports it (RTM_NEWLINK).</summary>
/// <param name="Index">The interface index.</param>
/// <param name="Name">The interface name.</param>
public sealed record LinkInfo(int Index, string Name)
{
    /// <summary>The rtnetlink kind (<c>veth</c>, <c>vxlan</c>, <c>bridge</c>, ...), or null for physical/loopback devices.</summary>
    public string? Kind { get; init; }

    /// <summary>The interface flags (IFF_*).</summary>
    public uint Flags { get; init; }

    /// <summary>Administratively up (IFF_UP).</summary>
    public bool IsUp => (Flags & 0x1) != 0;

    /// <summary>Carrier present (IFF_LOWER_UP).</summary>
    public bool IsLowerUp => (Flags & 0x10000) != 0;

    /// <summary>The operational state.</summary>
    public LinkOperState OperState { get; init; }

    /// <summary>The MTU.</summary>
    public int Mtu { get; init; }

    /// <summary>The MAC address, or null if the link has none.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>The master (bridge) index, or null.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>The parent/peer index (IFLA_LINK; for veth the peer's index in its namespace), or null.</summary>
    public int? ParentIndex { get; init; }

    /// <summary>The alias, or null.</summary>
    public string? Alias { get; init; }

    /// <summary>Decodes an RTM_NEWLINK payload (ifinfomsg + attributes).</summary>
    internal static LinkInfo Decode(ReadOnlySpan<byte> payload)
    {
        var msg = MemoryMarshal.Read<IfInfoMsg>(payload);
        string name = string.Empty, kind = string.Empty;
        string? alias = null;
        int mtu = 0;
        int? master = null, parent = null;
        PhysicalAddress? mac = null;
        var oper = LinkOperState.Unknown;
        var r = new AttributeReader(payload[Marshal.SizeOf<IfInfoMsg>()..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case Ifla.IFNAME: name = r.String; break;
                case Ifla.MTU: mtu = (int)r.U32; break;
                case Ifla.ADDRESS: mac = r.Value.IsEmpty ? null : new PhysicalAddress(r.Value.ToArray()); break;
                case Ifla.MASTER: master = (int)r.U32; break;
                case Ifla.LINK: parent = (int)r.U32; break;
                case Ifla.IFALIAS: alias = r.String; break;
                case Ifla.OPERSTATE: oper = (LinkOperState)r.U8; break;
                case Ifla.LINKINFO: kind = ReadKind(r.Nested); break;
                default: break;
            }
        }

        return new LinkInfo(msg.Index, name)
        {
            Kind = kind.Length == 0 ? null : kind,
            Flags = msg.Flags,
            OperState = oper,
            Mtu = mtu,
            Mac = mac,
            MasterIndex = master,
            ParentIndex = parent,
            Alias = alias,
        };
    }

    private static string ReadKind(AttributeReader r)
    {
        while (r.Next())
        {
            if (r.Type == Ifla.INFO_KIND)
            {
                return r.String;
            }
        }

        return string.Empty;
    }
}
