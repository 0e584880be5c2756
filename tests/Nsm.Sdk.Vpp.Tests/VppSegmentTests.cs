using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.L2;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

/// <summary>The VPP L2 NSE's segment (cmd/nse-vlan-vpp with NSM_VLAN_ID): clients' interfaces and the uplink's VLAN in one bridge domain.</summary>
public sealed class VppSegmentTests
{
    private const string NetNS = "inode://4/4026531840";

    private static async Task<(Connection Connection, NsmContext Context)> RequestAsync(INetworkServiceServer server, string id)
    {
        var request = NewRequest(connectionId: id);
        request.Connection.NetworkService = "l2-segment";
        request.MechanismPreferences.Add(KernelMechanism.New(NetNS));
        var context = NewContext(id);
        return (await new NetworkServiceServerChain(server).RequestAsync(request, context), context);
    }

    private static INetworkServiceServer Server(VppClient vpp, ushort? vlan) =>
        VppSegmentEndpoint.Server(
            vpp,
            new VppBridgeSegments(vpp, new VppBridgeOptions { UplinkName = "eth1", VlanId = vlan, UplinkExists = (_, _) => ValueTask.FromResult(true) }, NullLogger.Instance),
            NetNS,
            new KernelAttachOptions { InterfaceExists = _ => true },
            NullLogger.Instance);

    [Fact]
    public async Task Without_the_uplink_the_clients_share_the_segment_and_the_uplink_joins_when_it_appears()
    {
        await using var f = new VppElementFixture();
        var objects = new VppObjects(f);
        await using var client = new VppClient(f.Vpp.SocketPath, "segment-tests", VppSegmentEndpoint.Messages);
        var uplinkThere = false;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var segments = new VppBridgeSegments(
            client,
            new VppBridgeOptions { UplinkName = "eth1", VlanId = 100, UplinkExists = (_, _) => ValueTask.FromResult(Volatile.Read(ref uplinkThere)), Clock = clock },
            NullLogger.Instance);
        var server = VppSegmentEndpoint.Server(client, segments, NetNS, new KernelAttachOptions { InterfaceExists = _ => true }, NullLogger.Instance);

        var (connection, context) = await RequestAsync(server, "conn-1");

        Assert.Equal(["af_packet_create_v3", "sw_interface_set_flags", "bridge_domain_add_del_v2", "sw_interface_set_l2_bridge"], f.Names());
        Volatile.Write(ref uplinkThere, true);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!f.Names().Contains("create_vlan_subif") && DateTime.UtcNow < until)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }

        Assert.Equal(
            ["af_packet_create_v3", "sw_interface_set_flags", "bridge_domain_add_del_v2", "sw_interface_set_l2_bridge",
             "af_packet_create_v3", "sw_interface_set_flags", "create_vlan_subif", "l2_interface_vlan_tag_rewrite", "sw_interface_set_flags", "sw_interface_set_l2_bridge"],
            f.Names());

        await new NetworkServiceServerChain(server).CloseAsync(connection, context);
        Assert.Contains("delete_subif", f.Names());
        Assert.Equal(2, f.Names().Count(n => n == "af_packet_delete"));
        Assert.Empty(objects.Live);
    }

    [Fact]
    public async Task Two_clients_and_the_uplinks_vlan_share_one_bridge_domain_and_the_last_Close_removes_it_all()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        await using var client = new VppClient(f.Vpp.SocketPath, "segment-tests", VppSegmentEndpoint.Messages);
        var server = Server(client, 100);

        var (first, firstContext) = await RequestAsync(server, "conn-1");
        var (second, secondContext) = await RequestAsync(server, "conn-2");

        Assert.Equal(
            [
                "af_packet_create_v3", "sw_interface_set_flags", // conn-1's interface, up
                "bridge_domain_add_del_v2", "af_packet_create_v3", "sw_interface_set_flags", // the segment: bridge, uplink up
                "create_vlan_subif", "l2_interface_vlan_tag_rewrite", "sw_interface_set_flags", "sw_interface_set_l2_bridge", // VLAN 100 into the bridge
                "sw_interface_set_l2_bridge", // conn-1 into the bridge
                "af_packet_create_v3", "sw_interface_set_flags", "sw_interface_set_l2_bridge", // conn-2
            ],
            f.Names());
        var bridge = Assert.Single(f.Decoded<BridgeDomainAddDelV2>());
        Assert.True(bridge.Flood && bridge.UuFlood && bridge.Forward && bridge.Learn);
        Assert.Equal((21u, 100u), (f.Decoded<CreateVlanSubif>()[0].SwIfIndex, f.Decoded<CreateVlanSubif>()[0].VlanId));
        var rewrite = Assert.Single(f.Decoded<L2InterfaceVlanTagRewrite>());
        Assert.Equal((100u, 3u, 1u, 100u), (rewrite.SwIfIndex, rewrite.VtrOp, rewrite.PushDot1q, rewrite.Tag1));
        Assert.Equal(
            [(20u, bridge.BdId), (22u, bridge.BdId), (100u, bridge.BdId)],
            f.Decoded<SwInterfaceSetL2Bridge>().Select(b => (b.RxSwIfIndex, b.BdId)).Order());
        Assert.Equal(["eth1"], f.Decoded<Nsm.Vpp.Messages.AfPacket.AfPacketCreateV3>().Select(c => c.HostIfName).Where(n => n == "eth1"));

        await new NetworkServiceServerChain(server).CloseAsync(first, firstContext);
        Assert.Contains(vpp.Live, o => o.StartsWith("subif 100 ", StringComparison.Ordinal));
        await new NetworkServiceServerChain(server).CloseAsync(second, secondContext);

        Assert.Empty(vpp.Live);
    }

    [Fact]
    public async Task A_refused_vlan_sub_interface_is_a_status_and_nothing_is_left_behind()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        f.Vpp.Handle<CreateVlanSubif, CreateVlanSubifReply>(_ => new() { Retval = -1 });
        await using var client = new VppClient(f.Vpp.SocketPath, "segment-tests", VppSegmentEndpoint.Messages);

        var error = await Assert.ThrowsAsync<NsmStatusException>(() => RequestAsync(Server(client, 100), "conn-1"));

        Assert.Contains("create_vlan_subif", error.Message, StringComparison.Ordinal);
        Assert.Empty(vpp.Live);
    }

    [Fact]
    public async Task A_client_vpp_refuses_is_a_status_and_the_segment_and_its_other_clients_stay()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        await using var client = new VppClient(f.Vpp.SocketPath, "segment-tests", VppSegmentEndpoint.Messages);
        var server = Server(client, 100);
        await RequestAsync(server, "conn-1");
        var before = vpp.Live;
        f.Vpp.Handle<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(_ => new() { Retval = -1 });

        var error = await Assert.ThrowsAsync<NsmStatusException>(() => RequestAsync(server, "conn-2"));

        Assert.Contains("bridge: VPP answered sw_interface_set_l2_bridge with retval -1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, vpp.Live);
    }
}
