using Nsm.Sdk.Acl;
using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Acl;

public sealed class NftAclEnforcerTests
{
    private const string GuideRules = "permit tcp any any port 80\npermit tcp any any port 443\ndeny ip any any\n";

    [Fact]
    public async Task Guide_rules_pass_web_drop_the_rest_count_packets_and_leave_nothing()
    {
        await using var path = await FirewallPath.CreateAsync(80, 443, 22);
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 22), "the path works before the firewall");
        var enforcer = new NftAclEnforcer(FirewallRules.Parse(GuideRules), new NftAclEnforcerOptions { NetNsPath = path.Firewall.Path });

        await enforcer.ApplyAsync("conn-1", "r0", CancellationToken.None);
        await enforcer.ApplyAsync("conn-1", "r0", CancellationToken.None); // a refresh

        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 80));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 443));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "fd31:2::2", 80), "IPv6 too");
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 22, 600));
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "fd31:2::2", 22, 600));
        await Shell.AssertNoPingAsync(path.Client.DisplayName, "172.31.2.2");
        Assert.False(await FirewallPath.ConnectsAsync(path.Server, "172.31.1.2", 8999, 600), "the far side cannot start flows");

        var counters = await enforcer.ReadCountersAsync(CancellationToken.None);
        Counter(counters, "nsm-in", "line 1:").AssertAtLeast(2); // the SYNs of the two port-80 flows
        Counter(counters, "nsm-in", "line 2:").AssertAtLeast(1);
        var denied = Counter(counters, "nsm-in", "line 3:");
        denied.AssertAtLeast(3); // the SYNs to 22 (v4 + v6) and the ICMP echo
        Counter(counters, "nsm-out", "line 3 (reply direction):").AssertAtLeast(1);
        Counter(counters, "nsm-out", "replies").AssertAtLeast(2); // SYN-ACKs passed by conntrack

        await enforcer.RemoveAsync("conn-1", CancellationToken.None);
        var (_, ruleset, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "ruleset");
        Assert.Equal(string.Empty, ruleset.Trim());
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 22), "nothing filters after the last connection");
        await enforcer.DisposeAsync();
    }

    [Fact]
    public async Task Upstream_acl_file_is_stateless_in_file_order_and_ipv4_only_by_default()
    {
        await using var path = await FirewallPath.CreateAsync(8080, 80);
        var rules = AclConfigFile.Parse("""
            allow icmp:
              proto: 1
              ispermit: 1
              srcportoricmptypelast: 65535
              dstportoricmpcodelast: 65535
            allow tcp8080:
              proto: 6
              ispermit: 1
              srcportoricmptypelast: 65535
              dstportoricmpcodefirst: 8080
              dstportoricmpcodelast: 8080
            forbid tcp80:
              proto: 6
              srcportoricmptypelast: 65535
              dstportoricmpcodefirst: 80
              dstportoricmpcodelast: 80
            """, "config.yaml");
        await using var enforcer = new NftAclEnforcer(rules, new NftAclEnforcerOptions { NetNsPath = path.Firewall.Path, TableName = "nsm-fw-test" });

        await enforcer.ApplyAsync("c1", "r0", CancellationToken.None);

        await Shell.AssertPingAsync(path.Client.DisplayName, "172.31.2.2");
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 8080));
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 80, 600));
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "fd31:2::2", 8080, 600)); // omitted prefixes are IPv4 0/0
        var counters = await enforcer.ReadCountersAsync(CancellationToken.None);
        Counter(counters, "nsm-in", "forbid tcp80:").AssertAtLeast(1);
        Counter(counters, "nsm-out", "allow tcp8080 (reply direction):").AssertAtLeast(1); // stateless: the SYN-ACK matched the swapped rule
        Assert.DoesNotContain(counters, c => c.Rule.StartsWith("replies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_connections_share_one_table_and_the_last_close_removes_it()
    {
        await using var path = await FirewallPath.CreateAsync(80);
        await using var enforcer = new NftAclEnforcer(FirewallRules.Parse(GuideRules), new NftAclEnforcerOptions { NetNsPath = path.Firewall.Path });

        await enforcer.ApplyAsync("c1", "r0", CancellationToken.None);
        await enforcer.ApplyAsync("c2", "r1", CancellationToken.None);
        var (_, both, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "chain", "inet", "nsm-acl", "forward");
        Assert.Contains("iifname \"r0\" jump nsm-in", both, StringComparison.Ordinal);
        Assert.Contains("iifname \"r1\" jump nsm-in", both, StringComparison.Ordinal);

        await enforcer.RemoveAsync("c2", CancellationToken.None);
        var (_, one, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "chain", "inet", "nsm-acl", "forward");
        Assert.DoesNotContain("r1", one, StringComparison.Ordinal);
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.2.2", 80));

        await enforcer.RemoveAsync("c1", CancellationToken.None);
        await enforcer.RemoveAsync("unknown", CancellationToken.None);
        var (_, none, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "ruleset");
        Assert.Equal(string.Empty, none.Trim());
    }

    private static CounterCheck Counter(IReadOnlyList<AclRuleCounter> counters, string chain, string prefix) =>
        new(counters.Single(c => c.Chain == chain && c.Rule.StartsWith(prefix, StringComparison.Ordinal)));

    private sealed record CounterCheck(AclRuleCounter Counter)
    {
        public void AssertAtLeast(long packets) =>
            Assert.True(Counter.Packets >= packets, $"{Counter.Chain} '{Counter.Rule}': {Counter.Packets} packets, expected at least {packets}");
    }
}
