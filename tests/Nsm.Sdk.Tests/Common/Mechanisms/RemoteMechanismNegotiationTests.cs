using System.Net;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

/// <summary>Remote mechanism negotiation: what a forwarder offers, what the other side selects and fills in (wire.md §3).</summary>
public class RemoteMechanismNegotiationTests
{
    private static readonly IPAddress ClientIP = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress ServerIP = IPAddress.Parse("10.0.0.2");
    private static readonly HashSet<string> Both = [VxlanMechanism.MechanismType, WireguardMechanism.MechanismType];

    [Theory]
    [InlineData(Payloads.IP, "WIREGUARD,VXLAN")]
    [InlineData("", "WIREGUARD,VXLAN")] // the registry's default payload is IP
    [InlineData(Payloads.Ethernet, "VXLAN")] // WireGuard carries IP only
    public void Default_order_prefers_wireguard_for_ip_and_vxlan_for_ethernet(string payload, string expected) =>
        Assert.Equal(expected, string.Join(',', RemoteMechanismPriority.Offer(RemoteMechanismPriority.Default, payload, Both)));

    [Fact]
    public void Configured_order_and_availability_are_kept()
    {
        var order = RemoteMechanismPriority.Parse(" vxlan , WIREGUARD");
        Assert.Equal("VXLAN,WIREGUARD", string.Join(',', order));
        Assert.Equal(["VXLAN"], RemoteMechanismPriority.Offer(order, Payloads.IP, new HashSet<string> { "VXLAN" }));
        Assert.Empty(RemoteMechanismPriority.Offer(["WIREGUARD"], Payloads.Ethernet, Both));
        Assert.Equal(RemoteMechanismPriority.Default, RemoteMechanismPriority.Parse(""));
    }

    [Theory]
    [InlineData("IPSEC")]
    [InlineData("VXLAN,vxlan")]
    public void Bad_priorities_are_refused(string text) =>
        Assert.Throws<FormatException>(() => RemoteMechanismPriority.Parse(text));

    [Fact]
    public void Overheads_are_the_tunnels()
    {
        Assert.Equal((50, 70), (RemoteMechanismPriority.Overhead("VXLAN", false), RemoteMechanismPriority.Overhead("VXLAN", true)));
        Assert.Equal((60, 80), (RemoteMechanismPriority.Overhead("WIREGUARD", false), RemoteMechanismPriority.Overhead("WIREGUARD", true)));
    }

    [Fact]
    public async Task Server_selects_the_first_supported_preference_in_the_clients_order_and_fills_dst_and_mtu()
    {
        var request = TestExtensions.Request("c");
        request.MechanismPreferences.Add([WireguardMechanism.New(ClientIP, "key"), VxlanMechanism.New(ClientIP)]);
        var server = new RemoteMechanismSelectServer(new HashSet<string> { "VXLAN" }, ServerIP, 1500);

        var conn = await server.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);

        var vx = VxlanMechanism.ToMechanism(conn.Mechanism)!;
        Assert.Equal(Cls.Remote, conn.Mechanism.Cls);
        Assert.Equal((ClientIP, (ushort)4789, ServerIP), (vx.SrcIP, vx.SrcPort, vx.DstIP));
        Assert.Equal(1450u, vx.Mtu);
        Assert.Equal(1450u, conn.Context.MTU);
    }

    [Fact]
    public async Task Server_keeps_the_selected_mechanism_on_refresh_and_a_lower_mtu()
    {
        var request = TestExtensions.Request("c");
        request.Connection.Mechanism = VxlanMechanism.New(ClientIP);
        VxlanMechanism.ToMechanism(request.Connection.Mechanism)!.Vni = 42;
        request.Connection.Context = new ConnectionContext { MTU = 1400 };
        request.MechanismPreferences.Add(WireguardMechanism.New(ClientIP, "key"));

        var conn = await new RemoteMechanismSelectServer(Both, ServerIP, 9000).RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);

        Assert.Equal((VxlanMechanism.MechanismType, 42u), (conn.Mechanism.Type, VxlanMechanism.ToMechanism(conn.Mechanism)!.Vni));
        Assert.Equal(1400u, conn.Context.MTU);
    }

    [Fact]
    public async Task Server_refuses_when_no_offered_remote_mechanism_is_supported_and_passes_local_requests()
    {
        var server = new RemoteMechanismSelectServer(new HashSet<string> { "VXLAN" }, ServerIP, 1500);
        var remote = TestExtensions.Request("c");
        remote.MechanismPreferences.Add(WireguardMechanism.New(ClientIP, "key"));
        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RequestAsync(remote, new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);

        var local = TestExtensions.Request("l");
        local.MechanismPreferences.Add(KernelMechanism.New("file:///x"));
        var conn = await server.RequestAsync(local, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Null(conn.Mechanism);
    }

    [Fact]
    public async Task Vni_server_skips_vnis_the_node_reserves_and_replaces_a_requested_one_in_use()
    {
        var reserved = new HashSet<uint>();
        var server = new VniServer(new VniOptions(ServerIP) { Random = new VniTests.RepeatingRandom(5, 5, 7, 9), IsReserved = (vni, _) => reserved.Contains(vni) });
        reserved.Add(10); // 2*5: what the first draw gives
        var first = await server.RequestAsync(Selected("a", 0), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(14u, VxlanMechanism.ToMechanism(first.Mechanism)!.Vni); // 2*7, even: 10.0.0.1 <= 10.0.0.2

        // Another connection asks for 14, which "a" has: it gets a fresh one instead.
        var second = await server.RequestAsync(Selected("b", 14), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(18u, VxlanMechanism.ToMechanism(second.Mechanism)!.Vni);
    }

    private static NetworkServiceRequest Selected(string id, uint vni)
    {
        var request = TestExtensions.Request(id);
        request.Connection.Mechanism = VxlanMechanism.New(ClientIP);
        if (vni != 0)
        {
            VxlanMechanism.ToMechanism(request.Connection.Mechanism)!.Vni = vni;
        }

        return request;
    }
}
