using System.Net;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Sdk.Vpp.Vxlan;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Messages.Vxlan;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class VxlanTests
{
    private static Mechanism Chosen(Mechanism preference)
    {
        var chosen = preference.Clone();
        var vxlan = VxlanMechanism.ToMechanism(chosen)!;
        vxlan.DstIP = IPAddress.Parse("10.77.0.2");
        vxlan.DstPort = 4789;
        vxlan.Vni = 4242;
        return chosen;
    }

    [Fact]
    public async Task Client_offers_vxlan_makes_the_tunnel_to_the_next_hop_and_close_deletes_the_same_tunnel()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<VxlanAddDelTunnelV3, VxlanAddDelTunnelV3Reply>(r => new() { SwIfIndex = 5 });
        var client = new VxlanClient(f.Client, IPAddress.Parse("10.77.0.1"));
        var context = MechanismFixture.NewContext();
        var next = new FakeNext(r => new Connection { Id = "conn-1", Mechanism = Chosen(r.MechanismPreferences.Single(m => m.Type == VxlanMechanism.MechanismType)) });

        var connection = await client.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "conn-1", Payload = Payloads.Ethernet } }, context, next);

        var preference = VxlanMechanism.ToMechanism(Assert.Single(next.LastRequest!.MechanismPreferences))!;
        Assert.Equal((Cls.Remote, IPAddress.Parse("10.77.0.1"), (ushort)4789), (preference.Mechanism.Cls, preference.SrcIP, preference.SrcPort));
        var add = Assert.Single(f.Sent<VxlanAddDelTunnelV3>());
        Assert.Equal(
            (true, uint.MaxValue, VppAddress.Parse("10.77.0.1"), VppAddress.Parse("10.77.0.2"), (ushort)4789, (ushort)4789, uint.MaxValue, uint.MaxValue, 4242u, false),
            (add.IsAdd, add.Instance, add.SrcAddress, add.DstAddress, add.SrcPort, add.DstPort, add.McastSwIfIndex, add.DecapNextIndex, add.Vni, add.IsL3));
        Assert.True(VppInterfaces.TryLoad(context, isClient: true, out var swIfIndex));
        Assert.Equal(5u, swIfIndex);

        await client.CloseAsync(connection, context, next);
        await client.CloseAsync(connection, context, next);

        var sent = f.Sent<VxlanAddDelTunnelV3>();
        Assert.Equal(2, sent.Count);
        Assert.Equal((false, add.SrcAddress, add.DstAddress, 4242u), (sent[1].IsAdd, sent[1].SrcAddress, sent[1].DstAddress, sent[1].Vni));
        Assert.False(VppInterfaces.TryLoad(context, isClient: true, out _));
    }

    [Fact]
    public async Task Server_makes_the_tunnel_from_its_side_and_a_vpp_error_is_a_status_naming_the_message()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<VxlanAddDelTunnelV3, VxlanAddDelTunnelV3Reply>(r => new() { Retval = r.IsAdd ? -7 : 0 });
        var server = new VxlanServer(f.Client);
        var context = MechanismFixture.NewContext();
        var mechanism = VxlanMechanism.New(IPAddress.Parse("10.77.0.9"));
        var vxlan = VxlanMechanism.ToMechanism(mechanism)!;
        vxlan.DstIP = IPAddress.Parse("10.77.0.1");
        vxlan.DstPort = 4789;
        vxlan.Vni = 12;
        var next = new FakeNext(_ => new Connection { Id = "conn-1", Mechanism = mechanism });

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RequestAsync(new NetworkServiceRequest(), context, next));

        Assert.Equal((StatusCode.Internal, "VPP vxlan_add_del_tunnel_v3 failed: retval -7"), (error.StatusCode, error.Message));
        var add = Assert.Single(f.Sent<VxlanAddDelTunnelV3>());
        Assert.Equal((VppAddress.Parse("10.77.0.1"), VppAddress.Parse("10.77.0.9"), 12u), (add.SrcAddress, add.DstAddress, add.Vni));
        Assert.False(VppInterfaces.TryLoad(context, isClient: false, out _));
        Assert.Equal(1, next.Closes);
    }
}
