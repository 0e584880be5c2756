using System.Text.Json;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The per-rule counters of a firewall pod's ACL table (<c>nft -j list table inet nsm-acl</c> in its namespace), keyed by
/// chain and the rule's comment (<c>nsm-in</c>/<c>nsm-out</c>, <c>line 3: deny ip any any</c>).
/// </summary>
internal sealed class NftCounters
{
    private readonly Dictionary<(string Chain, string Rule), long> _packets;

    private NftCounters(Dictionary<(string Chain, string Rule), long> packets, string json)
    {
        _packets = packets;
        Json = json;
    }

    /// <summary>Gets the listing read, for failure messages.</summary>
    public string Json { get; }

    /// <summary>Reads the counters in the named namespace.</summary>
    public static NftCounters Read(string netns)
    {
        var json = Mesh.RunTool("ip", $"netns exec {netns} nft -j list table inet nsm-acl", TimeSpan.FromSeconds(10));
        var packets = new Dictionary<(string, string), long>();
        using var doc = JsonDocument.Parse(json);
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("rule", out var rule) && rule.TryGetProperty("comment", out var comment))
            {
                foreach (var expr in rule.GetProperty("expr").EnumerateArray())
                {
                    if (expr.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object)
                    {
                        packets[(rule.GetProperty("chain").GetString()!, comment.GetString()!)] = counter.GetProperty("packets").GetInt64();
                    }
                }
            }
        }

        return new NftCounters(packets, json);
    }

    /// <summary>The packets a rule counted (its comment starts with <paramref name="rule"/>); fails when there is no such rule.</summary>
    public long Packets(string chain, string rule)
    {
        var matches = _packets.Where(kv => kv.Key.Chain == chain && kv.Key.Rule.StartsWith(rule, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"one rule '{rule}' in {chain} expected, found {matches.Count}:\n{Json}");
        return matches[0].Value;
    }

    /// <summary>The packets every rule counted since <paramref name="before"/>, as <c>chain/rule: n</c> lines (for messages).</summary>
    public string DeltaSince(NftCounters before) =>
        string.Join('\n', _packets.Select(kv => $"{kv.Key.Chain}/{kv.Key.Rule}: {kv.Value - before._packets.GetValueOrDefault(kv.Key)}"));
}
