using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>
/// One direction of a tracked flow as conntrack keys it (<c>CTA_TUPLE_ORIG</c> or <c>CTA_TUPLE_REPLY</c>): the IP
/// protocol number, the addresses (IPv4 or IPv6) and, for TCP, UDP, SCTP and DCCP, the ports. ICMP and ICMPv6 flows have
/// no ports (0); their type, code and echo id are in <see cref="IcmpType"/>, <see cref="IcmpCode"/> and <see cref="IcmpId"/>.
/// </summary>
/// <param name="Protocol">The IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6…).</param>
/// <param name="Source">The source address.</param>
/// <param name="Destination">The destination address.</param>
/// <param name="SourcePort">The source port, or 0.</param>
/// <param name="DestinationPort">The destination port, or 0.</param>
public sealed record ConntrackTuple(byte Protocol, IPAddress Source, IPAddress Destination, ushort SourcePort, ushort DestinationPort)
{
    /// <summary>Gets the ICMP or ICMPv6 type (ICMP flows only).</summary>
    public byte IcmpType { get; init; }

    /// <summary>Gets the ICMP or ICMPv6 code (ICMP flows only).</summary>
    public byte IcmpCode { get; init; }

    /// <summary>Gets the ICMP or ICMPv6 echo identifier (ICMP flows only).</summary>
    public ushort IcmpId { get; init; }

    /// <summary>Gets a value indicating whether the flow is ICMP or ICMPv6.</summary>
    public bool IsIcmp => Protocol is 1 or 58;

    /// <summary>The name of an IP protocol number (<c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>icmpv6</c>, <c>sctp</c>…) or the number.</summary>
    /// <param name="protocol">The IANA protocol number.</param>
    /// <returns>The name.</returns>
    public static string ProtocolName(byte protocol) => protocol switch
    {
        1 => "icmp",
        6 => "tcp",
        17 => "udp",
        33 => "dccp",
        47 => "gre",
        58 => "icmpv6",
        132 => "sctp",
        136 => "udplite",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Formats the tuple: <c>tcp 10.0.0.1:40000 -> 10.0.0.2:80</c>, <c>udp [fd00::1]:53 -> [fd00::2]:53</c>, <c>icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0 id 7</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var name = ProtocolName(Protocol);
        if (IsIcmp)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name} {Source} -> {Destination} type {IcmpType} code {IcmpCode} id {IcmpId}");
        }

        return SourcePort == 0 && DestinationPort == 0
            ? $"{name} {Source} -> {Destination}"
            : $"{name} {Endpoint(Source, SourcePort)} -> {Endpoint(Destination, DestinationPort)}";
    }

    private static string Endpoint(IPAddress address, ushort port) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
        : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");
}
