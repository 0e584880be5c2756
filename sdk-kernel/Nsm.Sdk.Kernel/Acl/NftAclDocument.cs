using System.Text.Json.Nodes;
using Nsm.Sdk.Acl;
using static Nsm.Sdk.Kernel.Acl.NftJson;

namespace Nsm.Sdk.Kernel.Acl;

/// <summary>
/// Renders a rule set as one nft JSON transaction: table <c>inet NAME</c> (dropped and re-created in the same
/// transaction, so the whole rule set is replaced atomically) with a <c>forward</c> base chain that sends traffic
/// arriving from a connection's interface to <c>nsm-in</c> (the rules as written) and traffic leaving through it to
/// <c>nsm-out</c> (deny and stateless permit rules with source and destination swapped, as VPP's egress ACL). Both
/// end with a counted drop: a packet no rule matches is dropped. When a rule is stateful, established and related
/// packets pass first (conntrack), which is how replies of a permitted flow pass. Each rule has a counter and a
/// comment naming the rule.
/// <para>Bridged connections (a passthrough NSE joins its two interfaces with a Linux bridge, see
/// <c>KernelXconnect</c>): br_netfilter hands bridged IP packets to the same <c>inet</c> forward hook, but there the
/// input and output interface is the bridge, not its port. So a table <c>bridge NAME</c> of the same name marks each
/// packet in the bridge's own forward hook, where the ports are known (<see cref="InMark"/> when it arrives from a
/// connection's interface, <see cref="OutMark"/> when it leaves through one), and the <c>inet</c> forward chain also
/// dispatches on the mark. Neighbour discovery of bridged connections passes, as ARP does (the <c>inet</c> hooks do
/// not see ARP). In a routed NSE the bridge table never sees a packet.</para>
/// </summary>
internal static class NftAclDocument
{
    /// <summary>The chain of traffic arriving from a connection.</summary>
    public const string InChain = "nsm-in";

    /// <summary>The chain of traffic leaving towards a connection.</summary>
    public const string OutChain = "nsm-out";

    /// <summary>The mark of a bridged packet arriving from a connection's interface ("NSM" 1).</summary>
    public const int InMark = 0x4e534d01;

    /// <summary>The mark of a bridged packet leaving through a connection's interface ("NSM" 2).</summary>
    public const int OutMark = 0x4e534d02;

    private const string BridgeFamily = "bridge";

    /// <summary>The transaction that installs the rules for the interfaces.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="rules">The rules (not empty).</param>
    /// <param name="interfaces">The connections' interfaces.</param>
    /// <returns>The JSON text for <c>nft -j -f -</c>.</returns>
    public static string Install(string table, AclRuleSet rules, IEnumerable<string> interfaces)
    {
        List<JsonNode> commands =
        [
            .. RemoveCommands(table),
            Add("table", Table(table)),
            BaseChain(table, "forward", "forward", 0),
            Add("chain", new JsonObject { ["family"] = Inet, ["table"] = table, ["name"] = InChain }),
            Add("chain", new JsonObject { ["family"] = Inet, ["table"] = table, ["name"] = OutChain }),
            Add("table", Table(table, BridgeFamily)),
            Add("chain", new JsonObject { ["family"] = BridgeFamily, ["table"] = table, ["name"] = "mark", ["type"] = "filter", ["hook"] = "forward", ["prio"] = -200, ["policy"] = "accept" }),
            Rule(table, "forward", "neighbour discovery of bridged connections (passes, as ARP)",
                Match(Meta("mark"), new JsonObject { ["set"] = new JsonArray(InMark, OutMark) }),
                Match(Payload("icmpv6", "type"), new JsonObject { ["set"] = new JsonArray("nd-neighbor-solicit", "nd-neighbor-advert") }),
                Counter(), Verdict("accept")),
            Rule(table, "forward", null, Match(Meta("mark"), InMark), Verdict("jump", InChain)),
            Rule(table, "forward", null, Match(Meta("mark"), OutMark), Verdict("jump", OutChain)),
        ];
        foreach (var name in interfaces.Order(StringComparer.Ordinal))
        {
            commands.Add(Rule(table, "forward", null, Match(Meta("iifname"), name), Verdict("jump", InChain)));
            commands.Add(Rule(table, "forward", null, Match(Meta("oifname"), name), Verdict("jump", OutChain)));
            commands.Add(FamilyRule(BridgeFamily, table, "mark", null, [Match(Meta("iifname"), name), Set(Meta("mark"), InMark)]));
            commands.Add(FamilyRule(BridgeFamily, table, "mark", null, [Match(Meta("oifname"), name), Set(Meta("mark"), OutMark)]));
        }

        foreach (var (chain, reverse) in new[] { (InChain, false), (OutChain, true) })
        {
            if (rules.IsStateful)
            {
                commands.Add(Rule(table, chain, "replies and related packets of permitted flows", CtState("established", "related"), Counter(), Verdict("accept")));
            }

            foreach (var rule in rules.Rules)
            {
                if (reverse && rule.Action == AclAction.PermitReflect)
                {
                    continue; // its replies pass by conntrack; a new flow from the far side is not a reply
                }

                var r = reverse ? rule.Swapped() : rule;
                var expr = new List<JsonNode>(Matches(r)) { Counter(), Verdict(rule.Action == AclAction.Deny ? "drop" : "accept") };
                commands.Add(Rule(table, chain, Comment(rule, reverse), [.. expr]));
            }

            commands.Add(Rule(table, chain, "no rule matched", Counter(), Verdict("drop")));
        }

        return Document(commands);
    }

    /// <summary>The transaction that removes both tables (and succeeds when there are none).</summary>
    /// <param name="table">The table name.</param>
    /// <returns>The JSON text for <c>nft -j -f -</c>.</returns>
    public static string Remove(string table) => Document(RemoveCommands(table));

    private static IEnumerable<JsonNode> RemoveCommands(string table) => [.. RemoveTable(table), .. RemoveTable(table, BridgeFamily)];

    /// <summary>The comment a rule carries (its name or line, the direction, and the rule).</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="reverse">Whether it is the swapped copy.</param>
    /// <returns>The comment (nft allows 128 bytes).</returns>
    public static string Comment(AclRule rule, bool reverse)
    {
        var id = rule.Name is { Length: > 0 } n ? n : $"line {rule.Line}";
        var text = $"{id}{(reverse ? " (reply direction)" : string.Empty)}: {rule}";
        return text.Length <= 127 ? text : text[..127];
    }
}
