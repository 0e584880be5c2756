using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>An address on an interface, as the kernel reports it (RTM_NEWADDR).</summary>
/// <param name="LinkIndex">The interface index.</param>
/// <param name="Prefix">The address and prefix length.</param>
public sealed record AddressInfo(int LinkIndex, NetlinkPrefix Prefix)
{
    /// <summary>The address scope (0 universe, 253 link, 254 host).</summary>
    public RouteScope Scope { get; init; }

    /// <summary>The IFA_F_* flags (0x40 tentative, 0x80 permanent, 0x02 nodad).</summary>
    public uint Flags { get; init; }

    /// <summary>The label (IPv4), or null.</summary>
    public string? Label { get; init; }

    /// <summary>Decodes an RTM_NEWADDR payload.</summary>
    internal static AddressInfo? Decode(ReadOnlySpan<byte> payload)
    {
        var msg = MemoryMarshal.Read<IfAddrMsg>(payload);
        System.Net.IPAddress? local = null, address = null;
        string? label = null;
        uint flags = msg.Flags;
        var r = new AttributeReader(payload[Marshal.SizeOf<IfAddrMsg>()..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case Rta.IFA_LOCAL: local = r.Address; break;
                case Rta.IFA_ADDRESS: address = r.Address; break;
                case Rta.IFA_LABEL: label = r.String; break;
                case Rta.IFA_FLAGS: flags = r.U32; break;
                default: break;
            }
        }

        var ip = local ?? address;
        return ip is null ? null : new AddressInfo(msg.Index, new NetlinkPrefix(ip, msg.PrefixLen))
        {
            Scope = (RouteScope)msg.Scope,
            Flags = flags,
            Label = label,
        };
    }
}
