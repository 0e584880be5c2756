using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Vpp;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

/// <summary>Upstream cmd-nse-vlan-vpp's trunk: one af_packet parent on the fixed interface, a sub-interface per client VLAN.</summary>
public sealed class VlanTrunkTests
{
    private const string NetNS = "inode://4/4026531840";

    private static async Task<(Connection Connection, NsmContext Context)> RequestAsync(INetworkServiceServer server, string id, string clientIp)
    {
        var request = NewRequest(
            new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { clientIp }, DstIpAddrs = { "169.254.0.1/32" } } },
            connectionId: id);
        request.Connection.NetworkService = "vlan-vpp-responder";
        var kernel = KernelMechanism.New(NetNS);
        KernelMechanism.ToMechanism(kernel)!.SupportsVlan = true;
        request.MechanismPreferences.Add(kernel);
        var context = NewContext(id);
        return (await new NetworkServiceServerChain(server).RequestAsync(request, context), context);
    }

    [Fact]
    public void The_trunk_is_named_as_upstream_names_it() =>
        Assert.Equal("nsed3eef6c1628e", VlanTrunkServer.TrunkName("vlan-server")); // "nse" + hex(md5("vlan-server")), 15 characters

    [Fact]
    public async Task Each_client_gets_a_sub_interface_of_one_shared_parent_and_the_last_Close_deletes_the_parent()
    {
        await using var f = new VppElementFixture();
        var vpp = new VppObjects(f);
        await using var client = new VppClient(f.Vpp.SocketPath, "trunk-tests", VlanTrunkEndpoint.Messages);
        var trunk = VlanTrunkServer.TrunkName("vlan-server");
        var server = VlanTrunkEndpoint.Server(client, NetNS, trunk, new KernelAttachOptions { InterfaceExists = _ => true }, NullLogger.Instance);

        var (first, firstContext) = await RequestAsync(server, "conn-1", "169.254.0.2/32");
        var (second, secondContext) = await RequestAsync(server, "conn-2", "169.254.0.3/32");

        Assert.Equal(trunk, KernelMechanism.ToMechanism(first.Mechanism)!.InterfaceName);
        Assert.Equal(trunk, KernelMechanism.ToMechanism(second.Mechanism)!.InterfaceName);
        Assert.Equal(
            [
                "af_packet_create_v3", "sw_interface_set_flags", "create_vlan_subif", "sw_interface_set_flags", "sw_interface_add_del_address", "ip_route_add_del",
                "create_vlan_subif", "sw_interface_set_flags", "sw_interface_add_del_address", "ip_route_add_del",
            ],
            f.Names());
        Assert.Equal([trunk], f.Decoded<AfPacketCreateV3>().Select(c => c.HostIfName));
        var vlans = f.Decoded<CreateVlanSubif>();
        Assert.Equal([(20u, KernelMechanism.ToMechanism(first.Mechanism)!.VlanId), (20u, KernelMechanism.ToMechanism(second.Mechanism)!.VlanId)], vlans.Select(v => (v.SwIfIndex, (ushort)v.VlanId)));
        Assert.NotEqual(vlans[0].VlanId, vlans[1].VlanId);
        Assert.Equal([100u, 101u], f.Decoded<SwInterfaceAddDelAddress>().Select(a => a.SwIfIndex));

        await new NetworkServiceServerChain(server).CloseAsync(first, firstContext);
        Assert.Equal([$"af_packet {trunk} 20", $"subif 101 parent=20 vlan={vlans[1].VlanId}"], vpp.Live);
        await new NetworkServiceServerChain(server).CloseAsync(second, secondContext);

        Assert.Empty(vpp.Live);
        Assert.Equal(2, f.Decoded<SwInterfaceAddDelAddress>().Count(a => !a.IsAdd));
    }
}
