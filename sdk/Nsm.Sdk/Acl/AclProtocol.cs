namespace Nsm.Sdk.Acl;

/// <summary>IANA protocol numbers an ACL rule names (VPP's <c>proto</c>; 0 matches any protocol).</summary>
public static class AclProtocol
{
    /// <summary>Any protocol (<c>ip</c> in the firewall rules).</summary>
    public const byte Any = 0;

    /// <summary>ICMP (IPv4).</summary>
    public const byte Icmp = 1;

    /// <summary>TCP.</summary>
    public const byte Tcp = 6;

    /// <summary>UDP.</summary>
    public const byte Udp = 17;

    /// <summary>ICMPv6.</summary>
    public const byte IcmpV6 = 58;

    /// <summary>Whether the protocol has ports (TCP, UDP).</summary>
    /// <param name="protocol">The protocol number.</param>
    /// <returns>True for TCP and UDP.</returns>
    public static bool HasPorts(byte protocol) => protocol is Tcp or Udp;

    /// <summary>Whether the protocol is ICMP or ICMPv6 (whose rule "ports" are type and code ranges).</summary>
    /// <param name="protocol">The protocol number.</param>
    /// <returns>True for ICMP and ICMPv6.</returns>
    public static bool IsIcmp(byte protocol) => protocol is Icmp or IcmpV6;

    /// <summary>The firewall-rule name of a protocol (<c>ip</c>, <c>tcp</c>, …) or its number.</summary>
    /// <param name="protocol">The protocol number.</param>
    /// <returns>The name.</returns>
    public static string Name(byte protocol) => protocol switch
    {
        Any => "ip",
        Icmp => "icmp",
        Tcp => "tcp",
        Udp => "udp",
        IcmpV6 => "icmpv6",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
