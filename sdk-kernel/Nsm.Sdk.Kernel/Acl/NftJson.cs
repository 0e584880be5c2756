using System.Text.Json.Nodes;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Api;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Kernel.Acl;

/// <summary>
/// Builders of nft's JSON (libnftables-json(5)) for the documents the kernel elements hand to <see cref="NftProgram"/>:
/// commands, tables, rules and the expressions an <see cref="AclRule"/> matches with.
/// </summary>
internal static class NftJson
{
    /// <summary>The family of the filter tables (IPv4 and IPv6 in one).</summary>
    public const string Inet = "inet";

    /// <summary>One transaction of commands, as <c>nft -j -f -</c> reads it.</summary>
    /// <param name="commands">The commands in order.</param>
    /// <returns>The JSON text.</returns>
    public static string Document(IEnumerable<JsonNode> commands) => new JsonObject { ["nftables"] = new JsonArray([.. commands]) }.ToJsonString();

    /// <summary>Commands that delete a table and succeed when it is not there ("add" first).</summary>
    /// <param name="table">The table name.</param>
    /// <param name="family">The table family.</param>
    /// <returns>The two commands.</returns>
    public static IEnumerable<JsonNode> RemoveTable(string table, string family = Inet) =>
        [Add("table", Table(table, family)), Command("delete", "table", Table(table, family))];

    /// <summary>The expressions that match what an ACL rule names (family, protocol, prefixes, ports or ICMP type and code, TCP flags).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The match expressions (none: the rule matches every packet).</returns>
    public static IEnumerable<JsonNode> Matches(AclRule rule)
    {
        var family = rule.Source?.Family ?? rule.Destination?.Family;
        if (family is { } f)
        {
            yield return Match(Meta("nfproto"), f == IpFamily.IPv4 ? "ipv4" : "ipv6");
        }

        if (rule.Protocol != AclProtocol.Any)
        {
            yield return Match(Meta("l4proto"), rule.Protocol);
        }

        foreach (var (prefix, field) in new[] { (rule.Source, "saddr"), (rule.Destination, "daddr") })
        {
            if (prefix is { PrefixLength: > 0 } p)
            {
                yield return Match(Payload(p.Family == IpFamily.IPv4 ? "ip" : "ip6", field), Prefix(p));
            }
        }

        if (AclProtocol.HasPorts(rule.Protocol))
        {
            foreach (var (range, field) in new[] { (rule.SourcePorts, "sport"), (rule.DestinationPorts, "dport") })
            {
                if (range is { } r && !(r.Start == 0 && r.End == ushort.MaxValue))
                {
                    yield return Match(Payload("th", field), Range(r));
                }
            }
        }
        else if (AclProtocol.IsIcmp(rule.Protocol))
        {
            var protocol = rule.Protocol == AclProtocol.Icmp ? "icmp" : "icmpv6";
            foreach (var (range, field) in new[] { (rule.SourcePorts, "type"), (rule.DestinationPorts, "code") })
            {
                if (range is { } r && !(r.Start == 0 && r.End >= byte.MaxValue))
                {
                    yield return Match(Payload(protocol, field), Range(new PortRange(r.Start, Math.Min(r.End, byte.MaxValue))));
                }
            }
        }

        if (rule.Protocol == AclProtocol.Tcp && rule.TcpFlagsMask != 0)
        {
            var masked = new JsonObject { ["&"] = new JsonArray(Payload("tcp", "flags"), rule.TcpFlagsMask) };
            yield return Match(masked, rule.TcpFlagsValue & rule.TcpFlagsMask);
        }
    }

    /// <summary>The address family a rule is limited to by its prefixes, or null when it matches both.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The family, or null.</returns>
    public static IpFamily? Family(AclRule rule) =>
        rule.Protocol switch
        {
            AclProtocol.Icmp => IpFamily.IPv4,
            AclProtocol.IcmpV6 => IpFamily.IPv6,
            _ => rule.Source?.Family ?? rule.Destination?.Family,
        };

    /// <summary>A table object.</summary>
    /// <param name="table">The name.</param>
    /// <param name="family">The family.</param>
    /// <returns>The object.</returns>
    public static JsonObject Table(string table, string family = Inet) => new() { ["family"] = family, ["name"] = table };

    /// <summary>An <c>add</c> command.</summary>
    /// <param name="kind">What is added (table, chain, set, rule).</param>
    /// <param name="body">Its object.</param>
    /// <returns>The command.</returns>
    public static JsonObject Add(string kind, JsonObject body) => Command("add", kind, body);

    /// <summary>A command.</summary>
    /// <param name="verb">add, delete, flush….</param>
    /// <param name="kind">What it acts on.</param>
    /// <param name="body">Its object.</param>
    /// <returns>The command.</returns>
    public static JsonObject Command(string verb, string kind, JsonObject body) => new() { [verb] = new JsonObject { [kind] = body } };

    /// <summary>A base chain of the <c>inet</c> family.</summary>
    /// <param name="table">The table.</param>
    /// <param name="name">The chain.</param>
    /// <param name="hook">The hook (forward…).</param>
    /// <param name="priority">The priority.</param>
    /// <returns>The add command.</returns>
    public static JsonObject BaseChain(string table, string name, string hook, int priority) =>
        Add("chain", new JsonObject { ["family"] = Inet, ["table"] = table, ["name"] = name, ["type"] = "filter", ["hook"] = hook, ["prio"] = priority, ["policy"] = "accept" });

    /// <summary>A rule of the <c>inet</c> family.</summary>
    /// <param name="table">The table.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="comment">The comment (how counters are found again), or null.</param>
    /// <param name="expr">The expressions and statements.</param>
    /// <returns>The add command.</returns>
    public static JsonObject Rule(string table, string chain, string? comment, params JsonNode[] expr) => FamilyRule(Inet, table, chain, comment, expr);

    /// <summary>A rule of any family.</summary>
    /// <param name="family">The family.</param>
    /// <param name="table">The table.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="comment">The comment, or null.</param>
    /// <param name="expr">The expressions and statements.</param>
    /// <returns>The add command.</returns>
    public static JsonObject FamilyRule(string family, string table, string chain, string? comment, JsonNode[] expr)
    {
        var rule = new JsonObject { ["family"] = family, ["table"] = table, ["chain"] = chain, ["expr"] = new JsonArray(expr) };
        if (comment is not null)
        {
            rule["comment"] = comment;
        }

        return Add("rule", rule);
    }

    /// <summary>A meta expression (<c>meta KEY</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The expression.</returns>
    public static JsonObject Meta(string key) => new() { ["meta"] = new JsonObject { ["key"] = key } };

    /// <summary>A conntrack expression (<c>ct KEY</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The expression.</returns>
    public static JsonObject Ct(string key) => new() { ["ct"] = new JsonObject { ["key"] = key } };

    /// <summary>A payload expression (<c>PROTOCOL FIELD</c>).</summary>
    /// <param name="protocol">The header (ip, ip6, th, tcp…).</param>
    /// <param name="field">The field.</param>
    /// <returns>The expression.</returns>
    public static JsonObject Payload(string protocol, string field) => new() { ["payload"] = new JsonObject { ["protocol"] = protocol, ["field"] = field } };

    /// <summary>An equality match.</summary>
    /// <param name="left">The expression.</param>
    /// <param name="right">The value.</param>
    /// <returns>The match.</returns>
    public static JsonObject Match(JsonNode left, JsonNode? right) => new() { ["match"] = new JsonObject { ["op"] = "==", ["left"] = left, ["right"] = right } };

    /// <summary>A match of the connection's state against a set of states (<c>ct state { … }</c>).</summary>
    /// <param name="states">The states (new, established, related…).</param>
    /// <returns>The match.</returns>
    public static JsonObject CtState(params string[] states) =>
        new() { ["match"] = new JsonObject { ["op"] = "in", ["left"] = Ct("state"), ["right"] = states.Length == 1 ? JsonValue.Create(states[0]) : new JsonArray([.. states.Select(s => JsonValue.Create(s))]) } };

    /// <summary>A statement setting a meta or ct key (<c>meta mark set …</c>, <c>ct mark set …</c>).</summary>
    /// <param name="key">The key expression.</param>
    /// <param name="value">The value.</param>
    /// <returns>The statement.</returns>
    public static JsonObject Set(JsonObject key, int value) => new() { ["mangle"] = new JsonObject { ["key"] = key, ["value"] = value } };

    /// <summary>An anonymous counter.</summary>
    /// <returns>The statement.</returns>
    public static JsonObject Counter() => new() { ["counter"] = null };

    /// <summary>A verdict (accept, drop, jump CHAIN…).</summary>
    /// <param name="verdict">The verdict.</param>
    /// <param name="target">The chain of a jump or goto, or null.</param>
    /// <returns>The statement.</returns>
    public static JsonObject Verdict(string verdict, string? target = null) =>
        new() { [verdict] = target is null ? null : new JsonObject { ["target"] = target } };

    private static JsonNode Prefix(IpCidr cidr) => cidr.IsHost
        ? JsonValue.Create(cidr.Address.ToString())
        : new JsonObject { ["prefix"] = new JsonObject { ["addr"] = cidr.NetworkAddress.ToString(), ["len"] = cidr.PrefixLength } };

    private static JsonNode Range(PortRange r) => r.Start == r.End ? JsonValue.Create((int)r.Start) : new JsonObject { ["range"] = new JsonArray((int)r.Start, (int)r.End) };
}
