using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.Conntrack;
using static Nsm.Sdk.Kernel.Acl.NftJson;

namespace Nsm.Sdk.Kernel.Flows;

/// <summary>
/// Renders a flow watch as one nft JSON transaction and reads it back: table <c>inet NAME</c> (dropped and re-created
/// in the same transaction) with a <c>forward</c> base chain where, first, each signature drops the packets it matches
/// (one rule per address family, a counter each) and adds the flow's key to a set of its own (<c>sigN_v4</c>,
/// <c>sigN_v6</c>: addresses, protocol and ports or ICMP type and code, each element kept for the timeout), so the
/// dropped flows can be listed without copying a packet to user space; then <c>ct state new counter ct mark set
/// MARK</c> counts and marks every admitted new flow. The <c>ct</c> expression is what makes the kernel track the
/// namespace's forwarded (and, with br_netfilter, bridged) flows at all.
/// </summary>
internal static class NftFlowDocument
{
    /// <summary>The comment of the rule that counts and marks new flows.</summary>
    public const string NewFlowsComment = "new flows";

    private const string Chain = "forward";

    private static readonly Dictionary<string, byte> ProtocolNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icmp"] = AclProtocol.Icmp, ["tcp"] = AclProtocol.Tcp, ["udp"] = AclProtocol.Udp, ["ipv6-icmp"] = AclProtocol.IcmpV6, ["icmpv6"] = AclProtocol.IcmpV6,
    };

    /// <summary>The transaction that installs the watch.</summary>
    /// <param name="options">The table, signatures, mark and set limits.</param>
    /// <returns>The JSON text for <c>nft -j -f -</c>.</returns>
    public static string Install(FlowWatchOptions options)
    {
        var table = options.TableName;
        List<JsonNode> commands = [.. RemoveTable(table), Add("table", Table(table))];
        var rules = new List<JsonNode>();
        for (var i = 0; i < options.Signatures.Rules.Count; i++)
        {
            var signature = options.Signatures.Rules[i];
            var family = Family(signature);
            foreach (var f in family is { } only ? [only] : new[] { IpFamily.IPv4, IpFamily.IPv6 })
            {
                var set = SetName(i + 1, f);
                var (types, key) = Key(signature, f);
                commands.Add(Add("set", new JsonObject
                {
                    ["family"] = Inet, ["table"] = table, ["name"] = set, ["type"] = new JsonArray([.. types.Select(t => JsonValue.Create(t))]),
                    ["flags"] = new JsonArray("timeout"), ["timeout"] = (long)options.DroppedFlowTimeout.TotalSeconds, ["size"] = options.DroppedFlowCapacity,
                }));
                List<JsonNode> expr = [.. family is null ? [Match(Meta("nfproto"), f == IpFamily.IPv4 ? "ipv4" : "ipv6")] : Array.Empty<JsonNode>(), .. Matches(signature)];
                expr.Add(new JsonObject { ["set"] = new JsonObject { ["op"] = "update", ["elem"] = new JsonObject { ["concat"] = new JsonArray(key) }, ["set"] = "@" + set } });
                expr.Add(Counter());
                expr.Add(Verdict("drop"));
                rules.Add(Rule(table, Chain, Comment(i + 1, f, signature), [.. expr]));
            }
        }

        commands.Add(BaseChain(table, Chain, "forward", 0));
        commands.AddRange(rules);
        commands.Add(Rule(table, Chain, NewFlowsComment, CtState("new"), Counter(), Set(Ct("mark"), unchecked((int)options.Mark))));
        return Document(commands);
    }

    /// <summary>The transaction that removes the table (and succeeds when there is none).</summary>
    /// <param name="table">The table name.</param>
    /// <returns>The JSON text for <c>nft -j -f -</c>.</returns>
    public static string Remove(string table) => Document(RemoveTable(table));

    /// <summary>Reads <c>nft -j -n list table inet NAME</c>: the counters and the dropped flows each signature's sets hold.</summary>
    /// <param name="json">The listing.</param>
    /// <param name="signatures">The signatures the table was installed with.</param>
    /// <returns>The new-flow count, each signature's counter, and the dropped flows.</returns>
    public static (long NewFlows, IReadOnlyList<SignatureCounter> Counters, IReadOnlyList<DroppedFlow> Dropped) Read(string json, AclRuleSet signatures)
    {
        long newFlows = 0;
        var packets = new long[signatures.Rules.Count];
        var bytes = new long[signatures.Rules.Count];
        var dropped = new List<DroppedFlow>();
        using var doc = JsonDocument.Parse(json);
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("rule", out var rule) && rule.TryGetProperty("comment", out var c) && ReadCounter(rule) is { } counter)
            {
                var comment = c.GetString() ?? string.Empty;
                if (comment == NewFlowsComment)
                {
                    newFlows += counter.Packets;
                }
                else if (SignatureIndex(comment, ' ') is { } i && i < packets.Length)
                {
                    packets[i] += counter.Packets;
                    bytes[i] += counter.Bytes;
                }
            }
            else if (item.TryGetProperty("set", out var set) && set.TryGetProperty("elem", out var elements)
                && SignatureIndex(set.GetProperty("name").GetString() ?? string.Empty, '_') is { } s && s < packets.Length)
            {
                foreach (var element in elements.EnumerateArray())
                {
                    if (Flow(element) is { } flow)
                    {
                        dropped.Add(new DroppedFlow(signatures.Rules[s], flow));
                    }
                }
            }
        }

        return (newFlows, [.. signatures.Rules.Select((r, i) => new SignatureCounter(r, packets[i], bytes[i]))], dropped);
    }

    private static string SetName(int number, IpFamily family) => string.Create(CultureInfo.InvariantCulture, $"sig{number}_v{(family == IpFamily.IPv4 ? 4 : 6)}");

    private static string Comment(int number, IpFamily family, AclRule signature) =>
        string.Create(CultureInfo.InvariantCulture, $"sig{number} {(family == IpFamily.IPv4 ? "ipv4" : "ipv6")}: {signature}");

    /// <summary>The 0-based signature index of <c>sigN</c> followed by <paramref name="after"/>, or null.</summary>
    private static int? SignatureIndex(string name, char after)
    {
        if (!name.StartsWith("sig", StringComparison.Ordinal))
        {
            return null;
        }

        var end = name.IndexOf(after, 3);
        return end > 3 && int.TryParse(name.AsSpan(3, end - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n - 1 : null;
    }

    /// <summary>The set key of a signature's dropped flows in one family, and its element types.</summary>
    private static (string[] Types, JsonNode[] Key) Key(AclRule signature, IpFamily family)
    {
        var (address, ip) = family == IpFamily.IPv4 ? ("ipv4_addr", "ip") : ("ipv6_addr", "ip6");
        List<string> types = [address, address, "inet_proto"];
        List<JsonNode> key = [Payload(ip, "saddr"), Payload(ip, "daddr"), Meta("l4proto")];
        if (AclProtocol.HasPorts(signature.Protocol))
        {
            types.AddRange(["inet_service", "inet_service"]);
            key.AddRange([Payload("th", "sport"), Payload("th", "dport")]);
        }
        else if (AclProtocol.IsIcmp(signature.Protocol))
        {
            var icmp = signature.Protocol == AclProtocol.Icmp ? "icmp" : "icmpv6";
            types.AddRange([icmp + "_type", icmp + "_code"]);
            key.AddRange([Payload(icmp, "type"), Payload(icmp, "code")]);
        }

        return ([.. types], [.. key]);
    }

    private static (long Packets, long Bytes)? ReadCounter(JsonElement rule)
    {
        foreach (var expr in rule.GetProperty("expr").EnumerateArray())
        {
            if (expr.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object)
            {
                return (counter.GetProperty("packets").GetInt64(), counter.GetProperty("bytes").GetInt64());
            }
        }

        return null;
    }

    /// <summary>A set element (<c>{"elem": {"val": {"concat": [...]}, "expires": N}}</c> or the concat itself) as a tuple.</summary>
    private static ConntrackTuple? Flow(JsonElement element)
    {
        if (element.TryGetProperty("elem", out var wrapped))
        {
            element = wrapped.TryGetProperty("val", out var val) ? val : wrapped;
        }

        if (!element.TryGetProperty("concat", out var concat) || concat.GetArrayLength() < 3)
        {
            return null;
        }

        var values = concat.EnumerateArray().ToArray();
        if (!IPAddress.TryParse(values[0].GetString(), out var source) || !IPAddress.TryParse(values[1].GetString(), out var destination) || Number(values[2]) is not { } protocol)
        {
            return null;
        }

        var (a, b) = values.Length >= 5 ? (Number(values[3]) ?? 0, Number(values[4]) ?? 0) : (0, 0);
        return AclProtocol.IsIcmp((byte)protocol)
            ? new ConntrackTuple((byte)protocol, source, destination, 0, 0) { IcmpType = (byte)a, IcmpCode = (byte)b }
            : new ConntrackTuple((byte)protocol, source, destination, (ushort)a, (ushort)b);
    }

    private static int? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetInt32(),
        JsonValueKind.String when ProtocolNames.TryGetValue(value.GetString()!, out var p) => p,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
