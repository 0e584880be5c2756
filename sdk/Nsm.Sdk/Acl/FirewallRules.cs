using System.Globalization;
using Nsm.Sdk.Api;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Acl;

/// <summary>
/// Parses the guide's <c>NSM_FIREWALL_RULES</c>: one rule per line, <c>permit|deny PROTO SRC DST [port N|N-M]</c>
/// with PROTO one of <c>ip</c>, <c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>icmpv6</c> and SRC/DST <c>any</c> or a CIDR
/// (IPv4 or IPv6); <c>#</c> starts a comment; blank lines are skipped. <c>port</c> is the destination port of a flow's
/// first packet (TCP and UDP only). Permits are stateful (<see cref="AclAction.PermitReflect"/>): replies of a
/// permitted flow pass.
/// </summary>
public static class FirewallRules
{
    private const string Expected = "expected 'permit|deny PROTO SRC DST [port N|N-M]'";

    /// <summary>Parses the rules.</summary>
    /// <param name="text">The rules text (null or blank: no rules).</param>
    /// <param name="origin">Where the text came from, for errors (e.g. <c>NSM_FIREWALL_RULES</c>).</param>
    /// <returns>The rule set, in the order written.</returns>
    /// <exception cref="AclRulesException">A line does not parse; the message names the line and what was expected.</exception>
    public static AclRuleSet Parse(string? text, string origin = "NSM_FIREWALL_RULES")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return AclRuleSet.Empty;
        }

        var rules = new List<AclRule>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                rules.Add(ParseLine(words, origin, i + 1));
            }
        }

        return new AclRuleSet(rules);
    }

    private static AclRule ParseLine(string[] words, string origin, int line)
    {
        AclRulesException Error(string problem) => new(origin, line, problem);

        var action = words[0].ToLowerInvariant() switch
        {
            "permit" => AclAction.PermitReflect,
            "deny" => AclAction.Deny,
            _ => throw Error($"'{words[0]}' is not permit or deny; {Expected}"),
        };
        if (words.Length < 4)
        {
            throw Error($"too few words; {Expected}");
        }

        var protocol = words[1].ToLowerInvariant() switch
        {
            "ip" => AclProtocol.Any,
            "tcp" => AclProtocol.Tcp,
            "udp" => AclProtocol.Udp,
            "icmp" => AclProtocol.Icmp,
            "icmpv6" => AclProtocol.IcmpV6,
            _ => throw Error($"'{words[1]}' is not a protocol: expected ip, tcp, udp, icmp or icmpv6"),
        };
        var source = Address(words[2], "source", Error);
        var destination = Address(words[3], "destination", Error);
        if (source is { } s && destination is { } d && s.Family != d.Family)
        {
            throw Error($"source {s} and destination {d} are of different address families");
        }

        var family = source?.Family ?? destination?.Family;
        if ((protocol == AclProtocol.Icmp && family == IpFamily.IPv6) || (protocol == AclProtocol.IcmpV6 && family == IpFamily.IPv4))
        {
            throw Error($"{words[1]} does not match the {family} addresses; use {(protocol == AclProtocol.Icmp ? "icmpv6" : "icmp")}");
        }

        PortRange? ports = null;
        if (words.Length > 4)
        {
            if (!string.Equals(words[4], "port", StringComparison.OrdinalIgnoreCase) || words.Length != 6)
            {
                throw Error($"unexpected '{string.Join(' ', words[4..])}': expected nothing or 'port N' or 'port N-M'");
            }

            if (!AclProtocol.HasPorts(protocol))
            {
                throw Error($"'port' needs tcp or udp, not {words[1]}");
            }

            if (!PortRange.TryParse(words[5], out ports) || ports is null)
            {
                throw Error($"'{words[5]}' is not a port or port range (N or N-M, 0-65535)");
            }
        }

        return new AclRule(action, protocol, source, destination, null, ports) { Line = line };
    }

    private static IpCidr? Address(string word, string what, Func<string, AclRulesException> error)
    {
        if (string.Equals(word, "any", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!word.Contains('/', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(word, out var host))
        {
            var address = IpAddr.FromIPAddress(host);
            return new IpCidr(address, address.Family.BitLength());
        }

        return IpCidr.TryParse(word, out var cidr, out var problem)
            ? cidr
            : throw error(string.Create(CultureInfo.InvariantCulture, $"{what} '{word}' is not 'any', an address or a CIDR ({problem})"));
    }
}
