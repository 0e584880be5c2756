using Nsm.Sdk.Acl;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Vpp.Acl;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.Types;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;
using SdkAclAction = Nsm.Sdk.Acl.AclAction;
using SdkAclRule = Nsm.Sdk.Acl.AclRule;
using VppAclAction = Nsm.Vpp.Messages.Types.AclAction;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class AclTests
{
    private static readonly AclRuleSet Firewall = new(
    [
        new SdkAclRule(SdkAclAction.Permit, AclProtocol.Icmp, null, null, null, null),
        new SdkAclRule(SdkAclAction.PermitReflect, AclProtocol.Tcp, null, IpCidr.Parse("10.0.0.0/24"), null, new PortRange(80, 80)),
        new SdkAclRule(SdkAclAction.Deny, AclProtocol.Any, null, null, null, null),
    ]);

    private static NsmContext ContextWith(bool isClient, uint swIfIndex)
    {
        var context = NewContext();
        VppInterfaces.Store(context, isClient, swIfIndex);
        return context;
    }

    private static string Show(Nsm.Vpp.Messages.Types.AclRule r) =>
        $"{r.IsPermit} {r.Proto} {r.SrcPrefix} {r.DstPrefix} {r.SrcportOrIcmptypeFirst}-{r.SrcportOrIcmptypeLast} {r.DstportOrIcmpcodeFirst}-{r.DstportOrIcmpcodeLast}";

    [Fact]
    public void Firewall_rules_map_to_vpp_rules_in_order_with_families_and_full_port_ranges()
    {
        var rules = VppAclRules.FromRuleSet(Firewall);

        Assert.Equal(
            [
                "Permit Icmp 0.0.0.0/0 0.0.0.0/0 0-255 0-255",
                "PermitReflect Tcp 0.0.0.0/0 10.0.0.0/24 0-65535 80-80",
                "Deny Hopopt 0.0.0.0/0 0.0.0.0/0 0-65535 0-65535",
                "Deny Hopopt ::/0 ::/0 0-65535 0-65535",
            ],
            rules.Ingress.Select(Show));
        Assert.Equal("PermitReflect Tcp 10.0.0.0/24 0.0.0.0/0 80-80 0-65535", Show(rules.Egress[1]));
        Assert.Throws<ArgumentException>(() => VppAclRules.ToVpp(
            new SdkAclRule(SdkAclAction.Deny, AclProtocol.Any, IpCidr.Parse("10.0.0.0/8"), IpCidr.Parse("fd00::/8"), null, null)));
    }

    [Fact]
    public async Task Request_adds_an_ingress_and_an_egress_acl_and_binds_them_and_Close_unbinds_and_deletes_them()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new VppAclServer(f.Client, VppAclRules.FromRuleSet(Firewall)));
        var context = ContextWith(isClient: false, 7);

        await chain.RequestAsync(NewRequest(), context);
        var connection = await chain.RequestAsync(NewRequest(), context);
        await chain.CloseAsync(connection, context);
        await chain.CloseAsync(connection, context);

        Assert.Equal(
            ["acl_add_replace", "acl_add_replace", "acl_interface_set_acl_list", "acl_interface_set_acl_list", "acl_del", "acl_del"],
            f.Names());
        var adds = f.Decoded<AclAddReplace>();
        Assert.Equal([(uint.MaxValue, "nsm-in-conn-1", 4), (uint.MaxValue, "nsm-out-conn-1", 4)], adds.Select(a => (a.AclIndex, a.Tag, a.Rules.Count)));
        Assert.Equal(VppAclRules.FromRuleSet(Firewall).Ingress.Select(Show), adds[0].Rules.Select(Show));
        Assert.Equal(VppAclRules.FromRuleSet(Firewall).Egress.Select(Show), adds[1].Rules.Select(Show));
        var lists = f.Decoded<AclInterfaceSetAclList>();
        Assert.Equal((7u, (byte)1), (lists[0].SwIfIndex, lists[0].NInput));
        Assert.Equal([10u, 11u], lists[0].Acls);
        Assert.Equal((7u, (byte)0, 0), (lists[1].SwIfIndex, lists[1].NInput, lists[1].Acls.Count));
        Assert.Equal([10u, 11u], f.Decoded<AclDel>().Select(d => d.AclIndex));
    }

    [Fact]
    public async Task A_refused_bind_is_a_status_and_the_acls_are_deleted()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(m => new() { Retval = m.Acls.Count > 0 ? -1 : 0 });
        var ingressOnly = new VppAclRules(VppAclRules.ToVpp(Firewall.Rules[0]), []);
        var chain = new NetworkServiceClientChain(new VppAclClient(f.Client, ingressOnly));

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(NewRequest(), ContextWith(isClient: true, 4)));

        Assert.Equal("acl: VPP answered acl_interface_set_acl_list with retval -1", error.Message);
        Assert.Equal(["acl_add_replace", "acl_interface_set_acl_list", "acl_interface_set_acl_list", "acl_del"], f.Names());
        Assert.Equal((4u, (byte)1, 10u), (f.Decoded<AclInterfaceSetAclList>()[0].SwIfIndex, f.Decoded<AclInterfaceSetAclList>()[0].NInput, f.Decoded<AclInterfaceSetAclList>()[0].Acls[0]));
        Assert.Equal(10u, Assert.Single(f.Decoded<AclDel>()).AclIndex);
        Assert.Equal(VppAclAction.Permit, Assert.Single(f.Decoded<AclAddReplace>()).Rules[0].IsPermit);
    }

    [Fact]
    public async Task Close_goes_on_when_vpp_no_longer_has_the_acl()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new VppAclServer(f.Client, VppAclRules.FromRuleSet(Firewall)));
        var context = ContextWith(isClient: false, 7);
        var connection = await chain.RequestAsync(NewRequest(), context);
        f.Vpp.Handle<AclDel, AclDelReply>(_ => new() { Retval = -6 });

        await chain.CloseAsync(connection, context);

        Assert.Equal(2, f.Decoded<AclDel>().Count);
    }
}
