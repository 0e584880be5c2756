using System.Net.NetworkInformation;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// What to create with <see cref="NetlinkHandle.AddLinkAsync"/>: the common link settings. Derived records
/// (<see cref="VethLink"/>, <see cref="VxlanLink"/>, <see cref="BridgeLink"/>, <see cref="MacvlanLink"/>) add the kind.
/// </summary>
/// <param name="Name">The interface name (at most 15 characters).</param>
public abstract record LinkSpec(string Name)
{
    /// <summary>The MTU, or null for the kernel default.</summary>
    public int? Mtu { get; init; }

    /// <summary>The MAC address, or null for a random one.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>The namespace the link is born in, or null for the handle's namespace.</summary>
    public NetNs? Namespace { get; init; }

    /// <summary>Create the link administratively up.</summary>
    public bool Up { get; init; }

    /// <summary>The bridge (or other master) to enslave the link to, by index in the link's namespace.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>The rtnetlink kind, e.g. <c>veth</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Writes the kind-specific IFLA_INFO_DATA content.</summary>
    internal abstract void WriteInfoData(ref NetlinkWriter writer);

    /// <summary>Writes the attributes of the link itself (and IFLA_LINK for stacked kinds).</summary>
    internal virtual void WriteLinkAttributes(ref NetlinkWriter writer)
    {
    }

    /// <summary>The namespaces whose file descriptors the request refers to.</summary>
    internal virtual IEnumerable<NetNs> Namespaces => Namespace is null ? [] : [Namespace];

    /// <summary>Writes name, MTU, MAC, master and namespace attributes shared by every kind.</summary>
    internal static void WriteCommon(ref NetlinkWriter w, string name, int? mtu, PhysicalAddress? mac, int? master, NetNs? ns)
    {
        w.String(Ifla.IFNAME, name);
        if (mtu is { } m)
        {
            w.U32(Ifla.MTU, (uint)m);
        }

        if (mac is not null)
        {
            w.Attr(Ifla.ADDRESS, mac.GetAddressBytes());
        }

        if (master is { } idx)
        {
            w.U32(Ifla.MASTER, (uint)idx);
        }

        if (ns is not null)
        {
            w.U32(Ifla.NET_NS_FD, (uint)ns.Fd);
        }
    }
}
