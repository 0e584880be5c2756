using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.AfPacket;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Mtu;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Sdk.Vpp.Up;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class AfPacketUpMtuTests
{
    private static NetworkServiceServerChain Chain(VppElementFixture f) => new(
        new UpServer(f.Client),
        new MtuServer(f.Client),
        new AfPacketServer(f.Client, new AfPacketOptions { HostInterfaceName = c => c.Labels.GetValueOrDefault("veth") }));

    private static NetworkServiceRequest Request(uint mtu = 1400)
    {
        var request = NewRequest(new ConnectionContext { MTU = mtu });
        request.Connection.Labels["veth"] = "veth-a";
        return request;
    }

    [Fact]
    public async Task Request_creates_the_af_packet_then_sets_mtu_and_up_and_Close_deletes_it_once()
    {
        await using var f = new VppElementFixture();
        var chain = Chain(f);
        var context = NewContext();

        var connection = await chain.RequestAsync(Request(), context);

        Assert.Equal(["af_packet_create_v3", "sw_interface_set_mtu", "sw_interface_set_flags"], f.Names());
        var create = Assert.Single(f.Decoded<AfPacketCreateV3>());
        Assert.Equal(("veth-a", AfPacketMode.Ethernet, AfPacketFlags.Version2 | AfPacketFlags.CksumGso, true), (create.HostIfName, create.Mode, create.Flags, create.UseRandomHwAddr));
        Assert.Equal((10240u, 10240u, (ushort)1, (ushort)1), (create.RxFrameSize, create.TxFrameSize, create.NumRxQueues, create.NumTxQueues));
        var mtu = Assert.Single(f.Decoded<SwInterfaceSetMtu>());
        Assert.Equal(AfPacketSwIfIndex, mtu.SwIfIndex);
        Assert.Equal([1400u, 1400u, 1400u, 1400u], mtu.Mtu);
        var up = Assert.Single(f.Decoded<SwInterfaceSetFlags>());
        Assert.Equal((AfPacketSwIfIndex, IfStatusFlags.AdminUp), (up.SwIfIndex, up.Flags));
        Assert.True(VppInterfaces.TryLoad(context, isClient: false, out var stored));
        Assert.Equal(AfPacketSwIfIndex, stored);

        await chain.CloseAsync(connection, context);
        await chain.CloseAsync(connection, context);

        Assert.Equal(["af_packet_create_v3", "sw_interface_set_mtu", "sw_interface_set_flags", "af_packet_delete"], f.Names());
        Assert.Equal("veth-a", Assert.Single(f.Decoded<AfPacketDelete>()).HostIfName);
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
    }

    [Fact]
    public async Task A_refresh_keeps_the_af_packet_and_a_zero_mtu_sets_nothing()
    {
        await using var f = new VppElementFixture();
        var chain = Chain(f);
        var context = NewContext();

        await chain.RequestAsync(Request(mtu: 0), context);
        await chain.RequestAsync(Request(mtu: 0), context);

        Assert.Equal(["af_packet_create_v3", "sw_interface_set_flags", "sw_interface_set_flags"], f.Names());
    }

    [Fact]
    public async Task Up_failing_is_a_status_naming_the_message_and_deletes_the_af_packet()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(_ => new() { Retval = -1 });
        var context = NewContext();

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await Chain(f).RequestAsync(Request(), context));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("up: VPP answered sw_interface_set_flags with retval -1", error.Message);
        Assert.Equal(["af_packet_create_v3", "sw_interface_set_mtu", "sw_interface_set_flags", "af_packet_delete"], f.Names());
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
    }

    [Fact]
    public async Task Create_failing_is_a_status_and_leaves_nothing_to_delete()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { Retval = -1 });

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await Chain(f).RequestAsync(Request(), NewContext()));

        Assert.Equal("afpacket: VPP answered af_packet_create_v3 with retval -1", error.Message);
        Assert.Equal(["af_packet_create_v3"], f.Names());
    }

    [Fact]
    public async Task Close_of_an_af_packet_vpp_no_longer_has_does_not_throw_and_closes_the_rest()
    {
        await using var f = new VppElementFixture();
        var context = NewContext();
        var closedBehind = false;
        var chain = new NetworkServiceServerChain(
            new AfPacketServer(f.Client, new AfPacketOptions { HostInterfaceName = _ => "veth-a" }),
            new CloseProbe(() => closedBehind = true));
        var connection = await chain.RequestAsync(Request(), context);
        f.Vpp.Handle<AfPacketDelete, AfPacketDeleteReply>(_ => new() { Retval = -11 });

        await chain.CloseAsync(connection, context);

        Assert.True(closedBehind);
        Assert.Equal(["af_packet_create_v3", "af_packet_delete"], f.Names());
    }

    [Fact]
    public async Task The_client_side_element_stores_the_client_side_interface_with_the_given_mac()
    {
        await using var f = new VppElementFixture();
        var mac = MacAddress.Parse("02:00:00:00:00:0a");
        var context = NewContext();
        var chain = new NetworkServiceClientChain(
            new UpClient(f.Client),
            new AfPacketClient(f.Client, new AfPacketOptions { HostInterfaceName = _ => "veth-b", HardwareAddress = _ => mac }));

        await chain.RequestAsync(Request(), context);

        var create = Assert.Single(f.Decoded<AfPacketCreateV3>());
        Assert.Equal((mac, false), (create.HwAddr, create.UseRandomHwAddr));
        Assert.True(VppInterfaces.TryLoad(context, isClient: true, out _));
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
    }
}
