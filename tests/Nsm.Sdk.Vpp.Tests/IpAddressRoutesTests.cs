using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.IpAddress;
using Nsm.Sdk.Vpp.Routes;
using Nsm.Sdk.Vpp.Tests.Support;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.Types;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class IpAddressRoutesTests
{
    private static ConnectionContext Ip(string[] src, string[] dst, params Route[] srcRoutes)
    {
        var ip = new IPContext();
        ip.SrcIpAddrs.Add(src);
        ip.DstIpAddrs.Add(dst);
        ip.SrcRoutes.Add(srcRoutes);
        return new ConnectionContext { IpContext = ip };
    }

    private static NsmContext ContextWith(bool isClient, uint swIfIndex)
    {
        var context = NewContext();
        VppInterfaces.Store(context, isClient, swIfIndex);
        return context;
    }

    private static (bool, uint, string) Key(SwInterfaceAddDelAddress m) => (m.IsAdd, m.SwIfIndex, m.Prefix.ToString());

    [Fact]
    public async Task The_server_side_gets_the_dst_addresses_a_refresh_swaps_the_stale_one_and_Close_removes_them()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new IpAddressServer(f.Client));
        var context = ContextWith(isClient: false, 7);

        await chain.RequestAsync(NewRequest(Ip(["10.0.0.1/32"], ["10.0.0.2/32", "fd00::2/128"])), context);
        var connection = await chain.RequestAsync(NewRequest(Ip(["10.0.0.1/32"], ["10.0.0.3/32", "fd00::2/128"])), context);
        await chain.CloseAsync(connection, context);
        await chain.CloseAsync(connection, context);

        Assert.Equal(
            [(true, 7u, "10.0.0.2/32"), (true, 7u, "fd00::2/128"), (false, 7u, "10.0.0.2/32"), (true, 7u, "10.0.0.3/32"), (false, 7u, "fd00::2/128"), (false, 7u, "10.0.0.3/32")],
            f.Decoded<SwInterfaceAddDelAddress>().Select(Key));
    }

    [Fact]
    public async Task The_client_side_gets_the_src_addresses_and_a_failed_add_removes_the_ones_already_added()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<SwInterfaceAddDelAddress, SwInterfaceAddDelAddressReply>(m => new() { Retval = m.IsAdd && m.Prefix.Address.Family == VppAddressFamily.Ip6 ? -1 : 0 });
        var chain = new NetworkServiceClientChain(new IpAddressClient(f.Client));

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await chain.RequestAsync(NewRequest(Ip(["10.0.0.1/32", "fd00::1/128"], ["10.0.0.2/32"])), ContextWith(isClient: true, 9)));

        Assert.Equal("ipaddress: VPP answered sw_interface_add_del_address with retval -1", error.Message);
        Assert.Equal([(true, 9u, "10.0.0.1/32"), (true, 9u, "fd00::1/128"), (false, 9u, "10.0.0.1/32")], f.Decoded<SwInterfaceAddDelAddress>().Select(Key));
    }

    [Fact]
    public async Task Without_an_interface_nothing_is_sent()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceServerChain(new IpAddressServer(f.Client), new RoutesServer(f.Client));

        var connection = await chain.RequestAsync(NewRequest(Ip(["10.0.0.1/32"], ["10.0.0.2/32"])), NewContext());
        await chain.CloseAsync(connection, NewContext());

        Assert.Empty(f.Names());
    }

    [Fact]
    public async Task The_client_side_routes_go_through_its_interface_and_Close_deletes_them()
    {
        await using var f = new VppElementFixture();
        var chain = new NetworkServiceClientChain(new RoutesClient(f.Client));
        var context = ContextWith(isClient: true, 7);
        var request = NewRequest(Ip(
            ["10.0.0.1/32"],
            ["10.0.0.2/32"],
            new Route { Prefix = "172.16.0.0/16" },
            new Route { Prefix = "192.168.1.5/24", NextHop = "10.0.0.9" }));

        var connection = await chain.RequestAsync(request, context);
        await chain.CloseAsync(connection, context);

        var routes = f.Decoded<IpRouteAddDel>();
        Assert.Equal(
            [
                (true, "10.0.0.2/32", "0.0.0.0"), (true, "172.16.0.0/16", "10.0.0.2"), (true, "192.168.1.0/24", "10.0.0.9"),
                (false, "10.0.0.2/32", "0.0.0.0"), (false, "172.16.0.0/16", "10.0.0.2"), (false, "192.168.1.0/24", "10.0.0.9"),
            ],
            routes.Select(r => (r.IsAdd, r.Route.Prefix.ToString(), Assert.Single(r.Route.Paths).NextHop.ToString())));
        Assert.All(routes, r =>
        {
            var path = r.Route.Paths[0];
            Assert.Equal((0u, 7u, (byte)1, FibPathNhProto.Ip4, FibPathType.Normal), (r.Route.TableId, path.SwIfIndex, path.Weight, path.Proto, path.Type));
        });
    }

    [Fact]
    public async Task A_route_vpp_refuses_is_a_status_and_the_added_ones_are_deleted()
    {
        await using var f = new VppElementFixture();
        f.Vpp.Handle<IpRouteAddDel, IpRouteAddDelReply>(m => new() { Retval = m.IsAdd && m.Route.Prefix.Length == 16 ? -1 : 0 });
        var chain = new NetworkServiceServerChain(new RoutesServer(f.Client));
        var ip = new IPContext();
        ip.SrcIpAddrs.Add("10.0.0.1/32");
        ip.DstIpAddrs.Add("10.0.0.2/32");
        ip.DstRoutes.Add(new Route { Prefix = "172.16.0.0/16" });

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await chain.RequestAsync(NewRequest(new ConnectionContext { IpContext = ip }), ContextWith(isClient: false, 3)));

        Assert.Equal("routes: VPP answered ip_route_add_del with retval -1", error.Message);
        Assert.Equal(
            [(true, "10.0.0.1/32", IPAddress.Any), (true, "172.16.0.0/16", IPAddress.Parse("10.0.0.1")), (false, "10.0.0.1/32", IPAddress.Any)],
            f.Decoded<IpRouteAddDel>().Select(r => (r.IsAdd, r.Route.Prefix.ToString(), r.Route.Paths[0].NextHop)));
    }
}
