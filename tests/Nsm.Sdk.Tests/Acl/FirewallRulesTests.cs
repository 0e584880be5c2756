using Nsm.Sdk.Acl;

namespace Nsm.Sdk.Tests.Acl;

public sealed class FirewallRulesTests
{
    [Fact]
    public void Guide_rules_parse_in_order_with_stateful_permits()
    {
        var rules = FirewallRules.Parse("permit tcp any any port 80\npermit tcp any any port 443\ndeny ip any any\n");

        Assert.Equal(3, rules.Rules.Count);
        Assert.Equal(new AclRule(AclAction.PermitReflect, AclProtocol.Tcp, null, null, null, new(80, 80)) { Line = 1 }, rules.Rules[0]);
        Assert.Equal(443, rules.Rules[1].DestinationPorts!.Value.Start);
        Assert.Equal(new AclRule(AclAction.Deny, AclProtocol.Any, null, null, null, null) { Line = 3 }, rules.Rules[2]);
        Assert.True(rules.IsStateful);
        Assert.Equal("permit tcp any any port 80", rules.Rules[0].ToString());
    }

    [Fact]
    public void Comments_blank_lines_cidrs_hosts_ranges_and_ipv6()
    {
        var rules = FirewallRules.Parse("""
            # web
            permit tcp 10.0.0.0/8 192.168.1.10 port 8000-8080   # inline

            permit udp any 2001:db8::/64 port 53
            permit icmpv6 fd00::1/128 any
            DENY IP ANY ANY
            """);

        Assert.Equal([2, 4, 5, 6], rules.Rules.Select(r => r.Line));
        Assert.Equal("10.0.0.0/8", rules.Rules[0].Source.ToString());
        Assert.Equal("192.168.1.10/32", rules.Rules[0].Destination.ToString());
        Assert.Equal(new Nsm.Sdk.Api.PortRange(8000, 8080), rules.Rules[0].DestinationPorts);
        Assert.Equal(AclProtocol.IcmpV6, rules.Rules[2].Protocol);
        Assert.Equal(AclAction.Deny, rules.Rules[3].Action);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n # only a comment\n")]
    public void No_rules_is_the_empty_set_that_passes_everything(string? text) => Assert.True(FirewallRules.Parse(text).IsEmpty);

    [Theory]
    [InlineData("allow tcp any any", 1, "'allow' is not permit or deny")]
    [InlineData("permit tcp any any\npermit tcp any", 2, "too few words")]
    [InlineData("permit sctp any any", 1, "'sctp' is not a protocol")]
    [InlineData("permit tcp 10.0.0.0/33 any", 1, "source '10.0.0.0/33'")]
    [InlineData("permit tcp any nowhere", 1, "destination 'nowhere'")]
    [InlineData("permit tcp 10.0.0.0/8 fd00::/8", 1, "different address families")]
    [InlineData("permit icmp fd00::/8 any", 1, "use icmpv6")]
    [InlineData("permit icmp any any port 80", 1, "'port' needs tcp or udp")]
    [InlineData("permit tcp any any port 90-80", 1, "'90-80' is not a port")]
    [InlineData("permit tcp any any port 70000", 1, "'70000' is not a port")]
    [InlineData("permit tcp any any sport 80", 1, "expected nothing or 'port N'")]
    [InlineData("permit tcp any any port", 1, "expected nothing or 'port N'")]
    public void Bad_line_names_the_line_and_what_was_expected(string text, int line, string problem)
    {
        var e = Assert.Throws<AclRulesException>(() => FirewallRules.Parse(text));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"NSM_FIREWALL_RULES line {line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_rule_swaps_prefixes_and_ports()
    {
        var rule = FirewallRules.Parse("permit tcp 10.0.0.0/8 any port 80").Rules[0];
        var swapped = rule.Swapped();
        Assert.Null(swapped.Source);
        Assert.Equal(rule.Source, swapped.Destination);
        Assert.Equal(rule.DestinationPorts, swapped.SourcePorts);
        Assert.Null(swapped.DestinationPorts);
    }
}
