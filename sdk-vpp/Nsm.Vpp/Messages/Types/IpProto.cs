namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>ip_proto</c>; on the wire a u8.</summary>
#pragma warning disable CA1028 // the wire size is the enum's
public enum IpProto : byte
#pragma warning restore CA1028
{
    /// <summary><c>IP_API_PROTO_HOPOPT</c>.</summary>
    Hopopt = 0,

    /// <summary><c>IP_API_PROTO_ICMP</c>.</summary>
    Icmp = 1,

    /// <summary><c>IP_API_PROTO_IGMP</c>.</summary>
    Igmp = 2,

    /// <summary><c>IP_API_PROTO_TCP</c>.</summary>
    Tcp = 6,

    /// <summary><c>IP_API_PROTO_UDP</c>.</summary>
    Udp = 17,

    /// <summary><c>IP_API_PROTO_GRE</c>.</summary>
    Gre = 47,

    /// <summary><c>IP_API_PROTO_ESP</c>.</summary>
    Esp = 50,

    /// <summary><c>IP_API_PROTO_AH</c>.</summary>
    Ah = 51,

    /// <summary><c>IP_API_PROTO_ICMP6</c>.</summary>
    Icmp6 = 58,

    /// <summary><c>IP_API_PROTO_EIGRP</c>.</summary>
    Eigrp = 88,

    /// <summary><c>IP_API_PROTO_OSPF</c>.</summary>
    Ospf = 89,

    /// <summary><c>IP_API_PROTO_SCTP</c>.</summary>
    Sctp = 132,

    /// <summary><c>IP_API_PROTO_RESERVED</c>.</summary>
    Reserved = 255,
}
