using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class VlanTests
{
    private static FakeNext Answer(ushort vlan, string via = "gw0") => new(_ => new Connection
    {
        Id = "c",
        Mechanism = VlanMechanism.New(vlan),
        Labels = { [VlanClient.ViaLabel] = via },
    });

    private static ValueTask<uint?> Uplinks(string via, CancellationToken cancellationToken) => new(via == "gw0" ? 1u : null);

    [Fact]
    public async Task Connections_on_one_vlan_share_a_popping_sub_interface_that_the_last_close_deletes()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<CreateVlanSubif, CreateVlanSubifReply>(_ => new() { SwIfIndex = 3 });
        f.Vpp.Handle<L2InterfaceVlanTagRewrite, L2InterfaceVlanTagRewriteReply>(_ => new());
        f.Vpp.Handle<DeleteSubif, DeleteSubifReply>(_ => new());
        var client = new VlanClient(f.Client, Uplinks);
        var (one, two) = (MechanismFixture.NewContext("a"), MechanismFixture.NewContext("b"));
        var next = Answer(100);

        var request = new NetworkServiceRequest();
        var connection = await client.RequestAsync(request, one, next);
        await client.RequestAsync(new NetworkServiceRequest(), two, next);

        Assert.Equal(VlanMechanism.MechanismType, Assert.Single(request.MechanismPreferences).Type);
        Assert.Equal(["create_vlan_subif", "l2_interface_vlan_tag_rewrite"], f.Sent());
        var create = Assert.Single(f.Sent<CreateVlanSubif>());
        Assert.Equal((1u, 100u), (create.SwIfIndex, create.VlanId));
        var vtr = Assert.Single(f.Sent<L2InterfaceVlanTagRewrite>());
        Assert.Equal((3u, 3u, 1u, 100u), (vtr.SwIfIndex, vtr.VtrOp, vtr.PushDot1q, vtr.Tag1));
        Assert.True(VppInterfaces.TryLoad(one, isClient: true, out var a));
        Assert.True(VppInterfaces.TryLoad(two, isClient: true, out var b));
        Assert.Equal((3u, 3u), (a, b));

        await client.CloseAsync(connection, one, next);
        Assert.Equal(2, f.Sent().Count);
        await client.CloseAsync(connection, two, next);
        await client.CloseAsync(connection, two, next);

        Assert.Equal(["create_vlan_subif", "l2_interface_vlan_tag_rewrite", "delete_subif"], f.Sent());
        Assert.Equal(3u, Assert.Single(f.Sent<DeleteSubif>()).SwIfIndex);
    }

    [Fact]
    public async Task Vlan_zero_uses_the_uplink_and_an_unknown_via_is_not_found()
    {
        await using var f = new MechanismFixture();
        var client = new VlanClient(f.Client, Uplinks);
        var context = MechanismFixture.NewContext();

        await client.RequestAsync(new NetworkServiceRequest(), context, Answer(0));
        var next = Answer(100, via: "gw9");
        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RequestAsync(new NetworkServiceRequest(), MechanismFixture.NewContext("x"), next));

        Assert.True(VppInterfaces.TryLoad(context, isClient: true, out var swIfIndex));
        Assert.Equal(1u, swIfIndex);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("gw9", error.Message, StringComparison.Ordinal);
        Assert.Empty(f.Sent());
        Assert.Equal(1, next.Closes);
    }

    [Fact]
    public async Task A_failed_tag_rewrite_deletes_the_new_sub_interface()
    {
        await using var f = new MechanismFixture();
        f.Vpp.Handle<CreateVlanSubif, CreateVlanSubifReply>(_ => new() { SwIfIndex = 4 });
        f.Vpp.Handle<L2InterfaceVlanTagRewrite, L2InterfaceVlanTagRewriteReply>(_ => new() { Retval = -3 });
        f.Vpp.Handle<DeleteSubif, DeleteSubifReply>(_ => new());
        var client = new VlanClient(f.Client, Uplinks);

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RequestAsync(new NetworkServiceRequest(), MechanismFixture.NewContext(), Answer(200)));

        Assert.Equal("VPP l2_interface_vlan_tag_rewrite failed: retval -3", error.Message);
        Assert.Equal(["create_vlan_subif", "l2_interface_vlan_tag_rewrite", "delete_subif"], f.Sent());
    }
}
