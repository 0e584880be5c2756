using System.Text;
using Nsm.Sdk.Api;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Acl;

/// <summary>
/// One ACL rule, in VPP's <c>acl_rule</c> terms: an action, a protocol (0 = any), source and destination prefixes
/// (null = any address of either family) and, for TCP/UDP, source and destination port ranges; for ICMP/ICMPv6 the
/// two ranges hold the ICMP type and code ranges, as VPP's fields do. A null range matches everything.
/// </summary>
/// <param name="Action">What a match does.</param>
/// <param name="Protocol">IANA protocol number; <see cref="AclProtocol.Any"/> matches all.</param>
/// <param name="Source">Source prefix, or null for any.</param>
/// <param name="Destination">Destination prefix, or null for any.</param>
/// <param name="SourcePorts">Source ports (TCP/UDP) or ICMP types, or null for any.</param>
/// <param name="DestinationPorts">Destination ports (TCP/UDP) or ICMP codes, or null for any.</param>
public sealed record AclRule(
    AclAction Action,
    byte Protocol,
    IpCidr? Source,
    IpCidr? Destination,
    PortRange? SourcePorts,
    PortRange? DestinationPorts)
{
    /// <summary>Gets the rule's name (the key in upstream's ACL file), or null.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the line the rule was read from (1-based), or 0.</summary>
    public int Line { get; init; }

    /// <summary>Gets the TCP flags that <see cref="TcpFlagsValue"/> is compared under (0: flags are not matched).</summary>
    public byte TcpFlagsMask { get; init; }

    /// <summary>Gets the TCP flags value a packet must have under <see cref="TcpFlagsMask"/>.</summary>
    public byte TcpFlagsValue { get; init; }

    /// <summary>
    /// The same rule for the other direction (source and destination prefixes and ranges swapped), as VPP's acl
    /// server installs for a connection's egress.
    /// </summary>
    /// <returns>The swapped rule.</returns>
    public AclRule Swapped() => this with
    {
        Source = Destination,
        Destination = Source,
        SourcePorts = AclProtocol.IsIcmp(Protocol) ? SourcePorts : DestinationPorts,
        DestinationPorts = AclProtocol.IsIcmp(Protocol) ? DestinationPorts : SourcePorts,
    };

    /// <summary>Formats the rule in the firewall-rules syntax where it can (<c>permit tcp any 10.0.0.0/24 port 80</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Action == AclAction.Deny ? "deny" : "permit").Append(' ').Append(AclProtocol.Name(Protocol));
        sb.Append(' ').Append(Source?.ToString() ?? "any").Append(' ').Append(Destination?.ToString() ?? "any");
        if (SourcePorts is { } sp)
        {
            sb.Append(AclProtocol.IsIcmp(Protocol) ? " type " : " sport ").Append(sp);
        }

        if (DestinationPorts is { } dp)
        {
            sb.Append(AclProtocol.IsIcmp(Protocol) ? " code " : " port ").Append(dp);
        }

        if (Action == AclAction.Permit)
        {
            sb.Append(" (stateless)");
        }

        return sb.ToString();
    }
}
