namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Link attribute numbers (linux/if_link.h, linux/veth.h) and interface flags.</summary>
internal static class Ifla
{
    public const ushort ADDRESS = 1;
    public const ushort IFNAME = 3;
    public const ushort MTU = 4;
    public const ushort LINK = 5;
    public const ushort MASTER = 10;
    public const ushort OPERSTATE = 16;
    public const ushort LINKINFO = 18;
    public const ushort IFALIAS = 20;
    public const ushort NET_NS_FD = 28;
    public const ushort EXT_MASK = 29;
    public const ushort LINK_NETNSID = 37;

    public const ushort INFO_KIND = 1;
    public const ushort INFO_DATA = 2;

    public const ushort VETH_INFO_PEER = 1;

    public const ushort VXLAN_ID = 1;
    public const ushort VXLAN_GROUP = 2;
    public const ushort VXLAN_LINK = 3;
    public const ushort VXLAN_LOCAL = 4;
    public const ushort VXLAN_TTL = 5;
    public const ushort VXLAN_LEARNING = 7;
    public const ushort VXLAN_PORT = 15;
    public const ushort VXLAN_GROUP6 = 16;
    public const ushort VXLAN_LOCAL6 = 17;

    public const ushort MACVLAN_MODE = 1;

    public const ushort VLAN_ID = 1;
    public const ushort VLAN_PROTOCOL = 5;

    public const uint IFF_UP = 0x1;

    /// <summary>RTEXT_FILTER_SKIP_STATS: keep link dumps small.</summary>
    public const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;
}
