extern alias firewallvpp;

using firewallvpp::Nsm.Cmd.NseFirewallVpp;
using Nsm.Sdk.Hosting;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Testing;

namespace Nsm.Cmd.Tests;

public sealed class FirewallVppMappingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-fw-vpp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_kernel_firewalls_variables_and_rules_become_vpp_acls_in_order()
    {
        var file = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(file, "allow icmp:\n  proto: 1\n  ispermit: 1\n");
        var options = FirewallVppOptions.FromEnvironment(Env.Of(
            ("NSM_NETWORK_SERVICES", "secure-path"),
            ("NSM_LABELS", "app=firewall"),
            ("NSM_ACL_CONFIG_PATH", file),
            ("NSM_FIREWALL_RULES", "permit tcp any any port 80\ndeny ip any any"),
            ("NSM_VPP_API_SOCKET", "/run/vpp/api.sock"),
            ("PATH", "/opt/vpp/bin")));

        Assert.Equal(("firewall-server", "secure-path"), (options.Firewall.Name, options.Firewall.ServiceNames[0]));
        Assert.Equal(
            [(AclAction.Permit, IpProto.Icmp), (AclAction.PermitReflect, IpProto.Tcp), (AclAction.PermitReflect, IpProto.Tcp), (AclAction.Deny, IpProto.Hopopt), (AclAction.Deny, IpProto.Hopopt)],
            options.Acl.Ingress.Select(r => (r.IsPermit, r.Proto)));
        Assert.Equal(80, options.Acl.Ingress[1].DstportOrIcmpcodeFirst);
        Assert.Equal(80, options.Acl.Egress[1].SrcportOrIcmptypeFirst);
        Assert.Equal(("nsm-nse-firewall-vpp", "firewall-server", "/run/vpp/api.sock", "/opt/vpp/bin"), (options.Vpp.Program, options.Vpp.Name, options.Vpp.ApiSocket, options.Vpp.SearchPath));
        Assert.Equal(options.Firewall.Labels, options.ToPassthrough("inode://4/1").Labels);
    }

    [Theory]
    [InlineData("permit tcp any any port 80\nallow everything", "NSM_FIREWALL_RULES line 2")]
    [InlineData("deny ip 10.0.0.0/8 fd00::/8", "NSM_FIREWALL_RULES")]
    public void A_bad_rule_stops_the_program_naming_it(string rules, string expected)
    {
        var e = Assert.Throws<NsmConfigurationException>(() => FirewallVppOptions.FromEnvironment(Env.Of(("NSM_SERVICE_NAME", "fw"), ("NSM_FIREWALL_RULES", rules))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_rule_exits_2_before_vpp_is_looked_for()
    {
        var error = new StringWriter();

        var code = await FirewallVppProgram.RunAsync([], Env.Of(("NSM_SERVICE_NAME", "fw"), ("NSM_FIREWALL_RULES", "allow everything")), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task An_unreachable_vpp_exits_2_with_one_line()
    {
        var socket = Path.Combine(_dir, "missing", "vpp-api.sock");
        var error = new StringWriter();

        var code = await FirewallVppProgram.RunAsync([], Env.Of(("NSM_SERVICE_NAME", "fw"), ("NSM_VPP_API_SOCKET", socket), ("PATH", _dir)), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal($"nsm-nse-firewall-vpp: VPP is not reachable at {socket}: no such socket, and no vpp binary on PATH to start one", error.ToString().TrimEnd());
    }

    [Fact]
    public async Task A_vpp_with_another_acl_crc_exits_2_naming_the_message()
    {
        await using var vpp = FakeVpp.Start(Path.Combine(_dir, "api.sock"));
        vpp.SetMessage("acl_add_replace", "deadbeef");
        var error = new StringWriter();

        var code = await FirewallVppProgram.RunAsync([], Env.Of(("NSM_SERVICE_NAME", "fw"), ("NSM_VPP_API_SOCKET", vpp.SocketPath)), error, CancellationToken.None);

        Assert.Equal(2, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("nsm-nse-firewall-vpp: VPP at " + vpp.SocketPath, line, StringComparison.Ordinal);
        Assert.Contains("acl_add_replace_", line, StringComparison.Ordinal);
        Assert.Contains("(it has acl_add_replace_deadbeef)", line, StringComparison.Ordinal);
    }
}
