namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Address, route, neighbour and rule attribute numbers (linux/if_addr.h, rtnetlink.h, neighbour.h, fib_rules.h).</summary>
internal static class Rta
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02;
    public const uint IFA_F_PERMANENT = 0x80;

    public const ushort RTA_DST = 1;
    public const ushort RTA_SRC = 2;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_TABLE = 15;
    public const byte RTN_UNICAST = 1;
    public const byte RTPROT_BOOT = 3;
    public const byte RT_TABLE_UNSPEC = 0;
    public const byte RT_TABLE_MAIN = 254;
    public const uint RTNH_F_ONLINK = 4;

    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;

    public const ushort FRA_DST = 1;
    public const ushort FRA_SRC = 2;
    public const ushort FRA_IIFNAME = 3;
    public const ushort FRA_PRIORITY = 6;
    public const ushort FRA_FWMARK = 10;
    public const ushort FRA_TABLE = 15;
    public const ushort FRA_OIFNAME = 17;
    public const ushort FRA_IP_PROTO = 22;
    public const ushort FRA_SPORT_RANGE = 23;
    public const ushort FRA_DPORT_RANGE = 24;
    public const byte FR_ACT_TO_TBL = 1;

    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;
}
