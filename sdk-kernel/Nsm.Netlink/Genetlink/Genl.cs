namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>Generic netlink constants (linux/netlink.h, linux/genetlink.h).</summary>
internal static class Genl
{
    /// <summary>The generic netlink protocol of AF_NETLINK sockets.</summary>
    public const int NETLINK_GENERIC = 16;

    /// <summary>The size of <c>struct genlmsghdr</c>: u8 cmd, u8 version, u16 reserved.</summary>
    public const int HeaderSize = 4;

    /// <summary>The fixed family id of the controller, <c>nlctrl</c> (NLMSG_MIN_TYPE).</summary>
    public const ushort GENL_ID_CTRL = 0x10;

    public const byte CTRL_CMD_NEWFAMILY = 1;
    public const byte CTRL_CMD_GETFAMILY = 3;

    /// <summary>The controller protocol version sent in requests (what libnl and wg send).</summary>
    public const byte CTRL_VERSION = 1;

    public const ushort CTRL_ATTR_FAMILY_ID = 1;
    public const ushort CTRL_ATTR_FAMILY_NAME = 2;
    public const ushort CTRL_ATTR_VERSION = 3;
    public const ushort CTRL_ATTR_HDRSIZE = 4;
    public const ushort CTRL_ATTR_MAXATTR = 5;

    /// <summary>The attribute type bit saying the payload is a list of attributes.</summary>
    public const ushort NLA_F_NESTED = 0x8000;

    /// <summary>The longest family name (GENL_NAMSIZ less the NUL).</summary>
    public const int MaxFamilyName = 15;
}
