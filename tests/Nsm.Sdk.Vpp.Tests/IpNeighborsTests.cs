using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.IpNeighbors;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.Types;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class IpNeighborsTests
{
    private static readonly MacAddress PodMac = MacAddress.Parse("02:00:00:00:00:02");

    private static NetworkServiceRequest Request(params string[] src)
    {
        var ip = new IPContext();
        ip.SrcIpAddrs.Add(src);
        ip.DstIpAddrs.Add("10.0.0.1/32");
        return NewRequest(new ConnectionContext { IpContext = ip });
    }

    [Fact]
    public async Task The_server_side_pins_each_src_address_to_the_peer_mac_and_Close_removes_them()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new IpNeighborsServer(f.Client, _ => PodMac));
        var context = NewContext();
        VppInterfaces.Store(context, isClient: false, 5);

        await chain.RequestAsync(Request("10.0.0.2/32", "fd00::2/128"), context);
        var connection = await chain.RequestAsync(Request("10.0.0.2/32"), context);
        await chain.CloseAsync(connection, context);
        await chain.CloseAsync(connection, context);

        var sent = f.Decoded<IpNeighborAddDel>();
        Assert.Equal(
            [(true, "10.0.0.2"), (true, "fd00::2"), (false, "fd00::2"), (false, "10.0.0.2")],
            sent.Select(m => (m.IsAdd, m.Neighbor.IpAddress.ToString())));
        Assert.All(sent, m => Assert.Equal((5u, IpNeighborFlags.Static, PodMac), (m.Neighbor.SwIfIndex, m.Neighbor.Flags, m.Neighbor.MacAddress)));
    }

    [Fact]
    public async Task A_refused_neighbour_is_a_status_and_undoes_the_added_ones()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<IpNeighborAddDel, IpNeighborAddDelReply>(m => new() { Retval = m.IsAdd && m.Neighbor.IpAddress.Family == VppAddressFamily.Ip6 ? -1 : 0 });
        var context = NewContext();
        VppInterfaces.Store(context, isClient: false, 5);

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await new NetworkServiceServerChain(new IpNeighborsServer(f.Client, _ => PodMac)).RequestAsync(Request("10.0.0.2/32", "fd00::2/128"), context));

        Assert.Equal("ipneighbors: VPP answered ip_neighbor_add_del with retval -1", error.Message);
        Assert.Equal([(true, "10.0.0.2"), (true, "fd00::2"), (false, "10.0.0.2")], f.Decoded<IpNeighborAddDel>().Select(m => (m.IsAdd, m.Neighbor.IpAddress.ToString())));
    }
}
