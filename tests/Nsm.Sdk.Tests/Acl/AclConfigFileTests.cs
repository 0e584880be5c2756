using Nsm.Sdk.Acl;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Acl;

public sealed class AclConfigFileTests
{
    // The shape of upstream's nse-composition config file: Go field names lower-cased, a map of named rules.
    private const string Composition = """
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
        """;

    [Fact]
    public void Rules_keep_file_order_and_VPP_defaults()
    {
        var set = AclConfigFile.Parse(Composition, "/etc/firewall/config.yaml");

        Assert.Equal(["allow icmp", "allow tcp8080", "forbid tcp80"], set.Rules.Select(r => r.Name));
        Assert.Equal([1, 6, 12], set.Rules.Select(r => r.Line));
        var icmp = set.Rules[0];
        Assert.Equal(AclAction.Permit, icmp.Action);
        Assert.Equal(AclProtocol.Icmp, icmp.Protocol);
        Assert.Equal("0.0.0.0/0", icmp.Source.ToString()); // an omitted prefix is IPv4 0/0, as in VPP
        Assert.Equal(new PortRange(0, 65535), icmp.SourcePorts);
        Assert.Equal(new PortRange(8080, 8080), set.Rules[1].DestinationPorts);
        Assert.Equal(AclAction.Deny, set.Rules[2].Action); // ispermit omitted = 0
        Assert.False(set.IsStateful);
    }

    [Fact]
    public void Prefixes_reflect_flags_and_snake_case_names()
    {
        var set = AclConfigFile.Parse("""
            web:
              is_permit: 2
              proto: 6
              src_prefix: fd00::/64
              dst_prefix: fd01::10/128
              dstportoricmpcodefirst: 443
              dstportoricmpcodelast: 443
              tcp_flags_mask: 2
              tcp_flags_value: 2
            """, "f");

        var rule = Assert.Single(set.Rules);
        Assert.Equal(AclAction.PermitReflect, rule.Action);
        Assert.Equal("fd00::/64", rule.Source.ToString());
        Assert.Equal(new PortRange(0, 0), rule.SourcePorts);
        Assert.Equal((byte)2, rule.TcpFlagsMask);
        Assert.True(set.IsStateful);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("# nothing\n", 0)]
    public void Empty_file_has_no_rules(string text, int count) => Assert.Equal(count, AclConfigFile.Parse(text, "f").Rules.Count);

    [Theory]
    [InlineData("- a\n- b\n", 1, "expected a mapping from rule names")]
    [InlineData("r: 5\n", 1, "expected a mapping of acl_rule fields")]
    [InlineData("r:\n  proto: tcp\n", 2, "proto 'tcp' must be a number from 0 to 255")]
    [InlineData("r:\n  ispermit: 3\n", 2, "ispermit '3' must be a number from 0 to 2")]
    [InlineData("r:\n  proto: 6\n  dstport: 80\n", 3, "unknown field 'dstport'")]
    [InlineData("r:\n  srcprefix: 10.0.0.0/40\n", 2, "srcprefix '10.0.0.0/40' is not a CIDR")]
    [InlineData("r:\n  dstprefix: fd00::/8\n", 1, "different address families")]
    [InlineData("r:\n  dstportoricmpcodefirst: 90\n  dstportoricmpcodelast: 80\n", 1, "above")]
    [InlineData("r: [\n", 1, "invalid YAML")]
    public void Bad_file_names_the_line(string text, int line, string problem)
    {
        var e = Assert.Throws<AclRulesException>(() => AclConfigFile.Parse(text, "/etc/firewall/config.yaml"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.LineNumber);
    }
}
