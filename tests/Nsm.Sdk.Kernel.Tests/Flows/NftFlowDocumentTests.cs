using System.Text.Json.Nodes;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Kernel.Flows;

namespace Nsm.Sdk.Kernel.Tests.Flows;

/// <summary>The flow watch's nft document and its listing; no root needed.</summary>
public sealed class NftFlowDocumentTests
{
    private static readonly AclRuleSet Signatures = FirewallRules.Parse("deny tcp any any port 22\ndeny udp 10.0.0.0/8 any", "NSM_IDS_DROP");

    [Fact]
    public void Signatures_drop_first_one_rule_and_set_per_family_then_new_flows_are_counted_and_marked()
    {
        var doc = JsonNode.Parse(NftFlowDocument.Install(new FlowWatchOptions { TableName = "nsm-ids", Signatures = Signatures, Mark = 5 }))!["nftables"]!.AsArray();

        var sets = doc.Select(c => c!["add"]?["set"]?["name"]?.GetValue<string>()).OfType<string>();
        Assert.Equal(["sig1_v4", "sig1_v6", "sig2_v4"], sets);
        var comments = doc.Select(c => c!["add"]?["rule"]?["comment"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Equal(["sig1 ipv4: deny tcp any any port 22", "sig1 ipv6: deny tcp any any port 22", "sig2 ipv4: deny udp 10.0.0.0/8 any", NftFlowDocument.NewFlowsComment], comments);
        var last = doc[^1]!["add"]!["rule"]!["expr"]!.ToJsonString();
        Assert.Contains("{\"mangle\":{\"key\":{\"ct\":{\"key\":\"mark\"}},\"value\":5}}", last, StringComparison.Ordinal);
        Assert.Equal("delete", doc[1]!.AsObject().First().Key); // the table is replaced in the same transaction
    }

    [Fact]
    public void A_listing_gives_counters_per_signature_and_the_flows_in_the_sets()
    {
        const string listing = """
            {"nftables": [{"metainfo": {}},
             {"set": {"family": "inet", "name": "sig1_v4", "table": "nsm-ids", "elem": [{"elem": {"val": {"concat": ["10.0.0.1", "10.0.0.2", "tcp", 40000, 22]}, "expires": 59}}]}},
             {"set": {"family": "inet", "name": "sig1_v6", "table": "nsm-ids", "elem": [{"concat": ["fd00::1", "fd00::2", 6, 40001, 22]}]}},
             {"set": {"family": "inet", "name": "sig2_v4", "table": "nsm-ids"}},
             {"rule": {"comment": "sig1 ipv4: x", "expr": [{"counter": {"packets": 2, "bytes": 120}}, {"drop": null}]}},
             {"rule": {"comment": "sig1 ipv6: x", "expr": [{"counter": {"packets": 1, "bytes": 80}}, {"drop": null}]}},
             {"rule": {"comment": "new flows", "expr": [{"counter": {"packets": 7, "bytes": 420}}]}}]}
            """;

        var (newFlows, counters, dropped) = NftFlowDocument.Read(listing, Signatures);

        Assert.Equal(7, newFlows);
        Assert.Equal([(3L, 200L), (0L, 0L)], counters.Select(c => (c.Packets, c.Bytes)));
        Assert.Equal(["tcp 10.0.0.1:40000 -> 10.0.0.2:22", "tcp [fd00::1]:40001 -> [fd00::2]:22"], dropped.Select(d => d.Flow.ToString()));
        Assert.All(dropped, d => Assert.Same(Signatures.Rules[0], d.Signature));
    }
}
