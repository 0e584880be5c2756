using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>A VXLAN tunnel interface.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Vni">The VXLAN network identifier (24 bits).</param>
public sealed record VxlanLink(string Name, uint Vni) : LinkSpec(Name)
{
    /// <summary>The local (source) tunnel address, or null.</summary>
    public IPAddress? Local { get; init; }

    /// <summary>The remote tunnel end (unicast) or the multicast group, or null.</summary>
    public IPAddress? Remote { get; init; }

    /// <summary>The UDP destination port; 4789 (IANA) by default.</summary>
    public ushort Port { get; init; } = 4789;

    /// <summary>The underlying device index (IFLA_VXLAN_LINK), or null.</summary>
    public int? UnderlyingIndex { get; init; }

    /// <summary>Learn remote MAC addresses from received packets (on by default, as in iproute2).</summary>
    public bool Learning { get; init; } = true;

    /// <summary>The TTL of outer packets, or null for the default.</summary>
    public byte? Ttl { get; init; }

    /// <inheritdoc/>
    public override string Kind => "vxlan";

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter w)
    {
        w.U32(Ifla.VXLAN_ID, Vni);
        if (Remote is not null)
        {
            w.Address(Remote.AddressFamily == AddressFamily.InterNetworkV6 ? Ifla.VXLAN_GROUP6 : Ifla.VXLAN_GROUP, Remote);
        }

        if (Local is not null)
        {
            w.Address(Local.AddressFamily == AddressFamily.InterNetworkV6 ? Ifla.VXLAN_LOCAL6 : Ifla.VXLAN_LOCAL, Local);
        }

        if (UnderlyingIndex is { } dev)
        {
            w.U32(Ifla.VXLAN_LINK, (uint)dev);
        }

        if (Ttl is { } ttl)
        {
            w.U8(Ifla.VXLAN_TTL, ttl);
        }

        w.U8(Ifla.VXLAN_LEARNING, Learning ? (byte)1 : (byte)0);
        w.U16BigEndian(Ifla.VXLAN_PORT, Port);
    }
}
