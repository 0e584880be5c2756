using Nsm.Sdk.Ipam;
using SdkAcl = Nsm.Sdk.Acl;
using VppAclRule = Nsm.Vpp.Messages.Types.AclRule;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Acl;

/// <summary>
/// The VPP ACLs one interface gets: an ingress list (packets VPP receives on the interface) and an egress list (packets
/// it sends out of it), each in order; an empty list is not installed. VPP ends each ACL with an implicit deny.
/// </summary>
public sealed class VppAclRules
{
    /// <summary>Initializes the rules.</summary>
    /// <param name="ingress">The ingress ACL's rules, in order.</param>
    /// <param name="egress">The egress ACL's rules, in order.</param>
    public VppAclRules(IReadOnlyList<VppAclRule> ingress, IReadOnlyList<VppAclRule> egress)
    {
        Ingress = ingress ?? throw new ArgumentNullException(nameof(ingress));
        Egress = egress ?? throw new ArgumentNullException(nameof(egress));
    }

    /// <summary>Gets the ingress ACL's rules.</summary>
    public IReadOnlyList<VppAclRule> Ingress { get; }

    /// <summary>Gets the egress ACL's rules.</summary>
    public IReadOnlyList<VppAclRule> Egress { get; }

    /// <summary>Gets whether there is nothing to install.</summary>
    public bool IsEmpty => Ingress.Count == 0 && Egress.Count == 0;

    /// <summary>
    /// The firewall's rules as VPP ACLs (upstream's firewall NSE): ingress = the rules as written, egress = the same rules
    /// with source and destination swapped; order kept.
    /// </summary>
    /// <param name="rules">The parsed firewall rules.</param>
    /// <returns>The two lists.</returns>
    public static VppAclRules FromRuleSet(SdkAcl.AclRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new([.. rules.Rules.SelectMany(ToVpp)], [.. rules.Rules.SelectMany(r => ToVpp(r.Swapped()))]);
    }

    /// <summary>
    /// One firewall rule as VPP rules: one rule for its family, or, when it names neither prefix nor an ICMP flavour, an
    /// IPv4 and an IPv6 rule (a VPP rule's prefixes carry its family). Missing prefixes are "any" of the family, missing
    /// ports the full range (0–65535, ICMP types and codes 0–255).
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The VPP rules, IPv4 first.</returns>
    /// <exception cref="ArgumentException">The source and destination are of different families.</exception>
    public static IReadOnlyList<VppAclRule> ToVpp(SdkAcl.AclRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Source is { } s && rule.Destination is { } d && s.Family != d.Family)
        {
            throw new ArgumentException($"acl rule '{rule}' mixes IPv4 and IPv6 prefixes", nameof(rule));
        }

        IpFamily[] families = (rule.Source ?? rule.Destination) is { } named
            ? [named.Family]
            : rule.Protocol switch
            {
                SdkAcl.AclProtocol.Icmp => [IpFamily.IPv4],
                SdkAcl.AclProtocol.IcmpV6 => [IpFamily.IPv6],
                _ => [IpFamily.IPv4, IpFamily.IPv6],
            };
        var full = SdkAcl.AclProtocol.IsIcmp(rule.Protocol) ? (ushort)255 : ushort.MaxValue;
        return [.. families.Select(family => new VppAclRule
        {
            IsPermit = (AclAction)(byte)rule.Action,
            SrcPrefix = ToPrefix(rule.Source, family),
            DstPrefix = ToPrefix(rule.Destination, family),
            Proto = (IpProto)rule.Protocol,
            SrcportOrIcmptypeFirst = rule.SourcePorts?.Start ?? 0,
            SrcportOrIcmptypeLast = rule.SourcePorts?.End ?? full,
            DstportOrIcmpcodeFirst = rule.DestinationPorts?.Start ?? 0,
            DstportOrIcmpcodeLast = rule.DestinationPorts?.End ?? full,
            TcpFlagsMask = rule.TcpFlagsMask,
            TcpFlagsValue = rule.TcpFlagsValue,
        })];
    }

    private static VppPrefix ToPrefix(IpCidr? cidr, IpFamily family) => cidr is { } c
        ? VppPrefix.FromAddress(c.Address.ToIPAddress(), c.PrefixLength)
        : VppPrefix.FromAddress(family == IpFamily.IPv6 ? System.Net.IPAddress.IPv6Any : System.Net.IPAddress.Any, 0);
}
