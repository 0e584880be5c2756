using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Acl;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.L2;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

/// <summary>The VPP firewall's chains (cmd/nse-firewall-vpp) on a fake VPP: KERNEL in, KERNEL out (af_packet on both).</summary>
public sealed class VppPassthroughTests
{
    private const string NetNS = "inode://4/4026531840";
    private static readonly AclRuleSet Rules = FirewallRules.Parse("permit tcp any any port 80\npermit icmp any any\ndeny ip any any");

    private static VppPassthroughEndpoint Passthrough(Func<string, bool>? exists = null) => new()
    {
        Name = "firewall",
        ConnectTo = new Uri("unix:///nsm.sock"),
        NetNSUrl = NetNS,
        KernelAttach = new KernelAttachOptions { InterfaceExists = exists ?? (_ => true), PollInterval = TimeSpan.FromMilliseconds(5) },
    };

    /// <summary>The endpoint's server chain, whose onward client goes to a forwarder that answers KERNEL (the interface it made).</summary>
    private static NetworkServiceServerChain Chain(VppElementFixture f, VppPassthroughEndpoint passthrough, VppAclRules rules, INetworkServiceClient? forwarder = null)
    {
        var client = new NetworkServiceClientChain([.. passthrough.ToClientOptions(f.Client, NullLogger.Instance).AdditionalFunctionality, forwarder ?? new KernelForwarder()]);
        return new NetworkServiceServerChain(passthrough.Server(f.Client, new ConnectServer(client), () => [new VppAclServer(f.Client, rules)], NullLogger.Instance));
    }

    private static NetworkServiceRequest KernelRequest()
    {
        var request = NewRequest();
        request.Connection.NetworkService = "secure";
        request.Connection.Payload = "IP"; // a firewall's usual payload: its kernel interfaces are still joined at L2
        request.MechanismPreferences.Add(KernelMechanism.New(NetNS));
        return request;
    }

    [Fact]
    public async Task Request_attaches_both_kernel_interfaces_joins_them_filters_the_incoming_one_and_Close_removes_everything()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        var rules = VppAclRules.FromRuleSet(Rules);
        var chain = Chain(f, Passthrough(), rules);
        var context = NewContext();

        var connection = await chain.RequestAsync(KernelRequest(), context);
        var incoming = KernelMechanism.ToMechanism(connection.Mechanism)!.InterfaceName;

        Assert.Equal(
            [
                "af_packet_create_v3", "sw_interface_set_flags", // the onward side: the interface the forwarder made
                "af_packet_create_v3", "sw_interface_set_flags", // the incoming side
                "sw_interface_set_l2_xconnect", "sw_interface_set_l2_xconnect",
                "acl_add_replace", "acl_add_replace", "acl_interface_set_acl_list",
            ],
            f.Names());
        var created = f.Decoded<AfPacketCreateV3>();
        Assert.Equal(["nsm-out", incoming], created.Select(c => c.HostIfName));
        Assert.All(created, c => Assert.Equal(Nsm.Vpp.Messages.Types.AfPacketMode.Ethernet, c.Mode));
        Assert.Equal([(21u, 20u, true), (20u, 21u, true)], f.Decoded<SwInterfaceSetL2Xconnect>().Select(x => (x.RxSwIfIndex, x.TxSwIfIndex, x.Enable)));
        var acls = f.Decoded<AclAddReplace>();
        Assert.Equal([.. rules.Ingress.Select(r => (r.IsPermit, r.Proto))], acls[0].Rules.Select(r => (r.IsPermit, r.Proto)));
        Assert.Equal([.. rules.Egress.Select(r => (r.IsPermit, r.Proto))], acls[1].Rules.Select(r => (r.IsPermit, r.Proto)));
        Assert.Equal(
            new[] { "acl 10 nsm-in-conn-1", "acl 11 nsm-out-conn-1", "acl-list 21 in=1 [10,11]", $"af_packet {incoming} 21", "af_packet nsm-out 20", "xconnect 20->21", "xconnect 21->20" }
                .Order(StringComparer.Ordinal),
            vpp.Live);

        var made = f.Names().Count;
        await chain.CloseAsync(connection, context);

        Assert.Equal(
            [
                "acl_interface_set_acl_list", "acl_del", "acl_del", // the incoming side's ACLs: detached, deleted
                "sw_interface_set_l2_xconnect", "sw_interface_set_l2_xconnect", // both back to L3
                "af_packet_delete", "af_packet_delete", // the incoming interface, then the onward one
            ],
            f.Names().Skip(made));
        Assert.Equal([incoming, "nsm-out"], f.Decoded<AfPacketDelete>().Select(d => d.HostIfName));
        Assert.Empty(vpp.Live);
    }

    [Fact]
    public async Task The_incoming_interface_is_attached_when_it_appears_after_the_answer()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        var there = false;
        var passthrough = Passthrough(name => name == "nsm-out" || Volatile.Read(ref there));
        var chain = Chain(f, passthrough, VppAclRules.FromRuleSet(Rules));
        var context = NewContext();

        var connection = await chain.RequestAsync(KernelRequest(), context);
        Assert.Equal(["af_packet nsm-out 20"], vpp.Live);
        Volatile.Write(ref there, true);
        await WaitAsync(() => vpp.Live.Count == 7);

        await chain.CloseAsync(connection, context);
        Assert.Empty(vpp.Live);
    }

    [Fact]
    public async Task Close_before_the_interface_appears_stops_waiting_and_leaves_nothing()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        var chain = Chain(f, Passthrough(name => name == "nsm-out"), VppAclRules.FromRuleSet(Rules));
        var context = NewContext();

        var connection = await chain.RequestAsync(KernelRequest(), context);
        await chain.CloseAsync(connection, context);

        Assert.Empty(vpp.Live);
        Assert.Equal(["af_packet_create_v3", "sw_interface_set_flags", "af_packet_delete"], f.Names());
    }

    [Fact]
    public async Task A_refused_acl_is_a_status_naming_the_message_and_nothing_is_left_behind()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        f.Vpp.Handle<AclAddReplace, AclAddReplaceReply>(_ => new() { Retval = -1 });
        var chain = Chain(f, Passthrough(), VppAclRules.FromRuleSet(Rules));

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(KernelRequest(), NewContext()));

        Assert.Equal(Grpc.Core.StatusCode.Internal, error.StatusCode);
        Assert.Contains("acl: VPP answered acl_add_replace with retval -1", error.Message, StringComparison.Ordinal);
        Assert.Empty(vpp.Live);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_what_the_connection_has()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        var chain = Chain(f, Passthrough(), VppAclRules.FromRuleSet(Rules));
        var context = NewContext();
        var connection = await chain.RequestAsync(KernelRequest(), context);
        var before = vpp.Live;
        f.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { Retval = -1 });

        var refresh = KernelRequest();
        refresh.Connection = connection.Clone();
        await chain.RequestAsync(refresh, context);

        Assert.Equal(before, vpp.Live);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>The NSE's forwarder: selects the KERNEL preference and names the interface it made <c>nsm-out</c>.</summary>
    private sealed class KernelForwarder : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var connection = request.Connection.Clone();
            connection.Mechanism = request.MechanismPreferences.First(m => m.Type == KernelMechanism.MechanismType).Clone();
            KernelMechanism.ToMechanism(connection.Mechanism)!.InterfaceName = "nsm-out";
            return new(connection);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => default;
    }
}
