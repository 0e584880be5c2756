namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>ctnetlink constants (linux/netfilter/nfnetlink.h, nfnetlink_conntrack.h).</summary>
internal static class Ctnetlink
{
    /// <summary>The size of struct nfgenmsg (family, version, res_id), after the netlink header.</summary>
    public const int NfGenMsgSize = 4;

    public const byte NFNETLINK_V0 = 0;
    public const ushort NFNL_SUBSYS_CTNETLINK = 1;
    public const ushort IPCTNL_MSG_CT_NEW = 0;
    public const ushort IPCTNL_MSG_CT_DELETE = 2;

    /// <summary>Message type of a new or updated flow: subsystem in the high byte.</summary>
    public const ushort MsgNew = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;

    /// <summary>Message type of a destroyed flow, and of a delete (flush) request.</summary>
    public const ushort MsgDelete = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE;

    public const ushort CTA_TUPLE_ORIG = 1;
    public const ushort CTA_TUPLE_REPLY = 2;
    public const ushort CTA_MARK = 8;
    public const ushort CTA_COUNTERS_ORIG = 9;
    public const ushort CTA_COUNTERS_REPLY = 10;
    public const ushort CTA_ID = 12;
    public const ushort CTA_MARK_MASK = 21;

    public const ushort CTA_TUPLE_IP = 1;
    public const ushort CTA_TUPLE_PROTO = 2;

    public const ushort CTA_IP_V4_SRC = 1;
    public const ushort CTA_IP_V4_DST = 2;
    public const ushort CTA_IP_V6_SRC = 3;
    public const ushort CTA_IP_V6_DST = 4;

    public const ushort CTA_PROTO_NUM = 1;
    public const ushort CTA_PROTO_SRC_PORT = 2;
    public const ushort CTA_PROTO_DST_PORT = 3;
    public const ushort CTA_PROTO_ICMP_ID = 4;
    public const ushort CTA_PROTO_ICMP_TYPE = 5;
    public const ushort CTA_PROTO_ICMP_CODE = 6;
    public const ushort CTA_PROTO_ICMPV6_ID = 7;
    public const ushort CTA_PROTO_ICMPV6_TYPE = 8;
    public const ushort CTA_PROTO_ICMPV6_CODE = 9;

    public const ushort CTA_COUNTERS_PACKETS = 1;
    public const ushort CTA_COUNTERS_BYTES = 2;
    public const ushort CTA_COUNTERS32_PACKETS = 3;
    public const ushort CTA_COUNTERS32_BYTES = 4;
}
