using System.Diagnostics;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Vpp.KernelVethPair;
using Nsm.Sdk.Vpp.L2Xconnect;
using Nsm.Sdk.Vpp.L3Xconnect;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Sdk.Vpp.Up;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Messages.L3xc;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

/// <summary>
/// The VPP forwarder's KERNEL mechanism on real namespaces (the "pods" and VPP's own) with a fake VPP: the veth pairs, what
/// VPP is told, and that Close leaves nothing in any namespace.
/// </summary>
public sealed class KernelVethPairTests : IAsyncLifetime
{
    private readonly List<NetNs> _namespaces = [];
    private readonly MechanismFixture _fixture = new();
    private uint _nextSwIfIndex = 1;

    public Task InitializeAsync()
    {
        _fixture.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { SwIfIndex = _nextSwIfIndex++ });
        _fixture.Vpp.Handle<AfPacketDelete, AfPacketDeleteReply>(_ => new());
        _fixture.Vpp.Handle<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(_ => new());
        _fixture.Vpp.Handle<SwInterfaceSetL2Xconnect, SwInterfaceSetL2XconnectReply>(_ => new());
        _fixture.Vpp.Handle<L3xcUpdate, L3xcUpdateReply>(_ => new());
        _fixture.Vpp.Handle<L3xcDel, L3xcDelReply>(_ => new());
        _fixture.Vpp.Handle<IpNeighborAddDel, IpNeighborAddDelReply>(_ => new());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        foreach (var ns in _namespaces)
        {
            var name = ns.DisplayName;
            ns.Dispose();
            NetNs.Delete(name);
        }
    }

    private async Task<NetNs> NewNamespaceAsync()
    {
        var ns = await NetNs.CreateAsync("nsmv-" + Guid.NewGuid().ToString("N")[..6]);
        _namespaces.Add(ns);
        return ns;
    }

    private static async Task<IReadOnlyList<LinkInfo>> LinksAsync(NetNs ns)
    {
        using var nl = await ns.OpenNetlinkAsync();
        return [.. (await nl.ListLinksAsync()).Where(l => l.Name != "lo")];
    }

    private static NetworkServiceRequest Request(NetNs nsc, string payload = "ETHERNET") => new()
    {
        Connection = new Connection
        {
            Id = "conn-1",
            NetworkService = "kernel2kernel",
            Payload = payload,
            Context = new ConnectionContext
            {
                IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/32" }, DstIpAddrs = { "172.16.1.100/32" } },
            },
        },
        MechanismPreferences = { KernelMechanism.New("file://" + nsc.Path) },
    };

    private (NetworkServiceServerChain Chain, FakeNext Nse) Forwarder(NetNs vpp, NetNs nse)
    {
        var options = new KernelVethPairOptions { VppNetNsPath = vpp.Path };
        var next = FakeNext.KernelEndpoint(nse.Path);
        var client = new NetworkServiceClientChain(new MechanismTranslationClient(), new UpClient(_fixture.Client), new KernelVethPairClient(_fixture.Client, options), new HandlerClient(next));
        return (new NetworkServiceServerChain(
            new UpServer(_fixture.Client),
            new L2XconnectServer(_fixture.Client),
            new L3XconnectServer(_fixture.Client),
            new MechanismsServer(new Dictionary<string, INetworkServiceServer> { [KernelMechanism.MechanismType] = new KernelVethPairServer(_fixture.Client, options) }),
            new ConnectServer(client)), next);
    }

    [Fact]
    public async Task A_kernel_NSC_and_NSE_each_get_a_veth_whose_other_end_VPP_takes_with_af_packet_and_joins_at_layer_2()
    {
        var vpp = await NewNamespaceAsync();
        var nsc = await NewNamespaceAsync();
        var nse = await NewNamespaceAsync();
        var (forwarder, next) = Forwarder(vpp, nse);
        var context = MechanismFixture.NewContext();

        var connection = await forwarder.RequestAsync(Request(nsc), context);

        var nscLink = Assert.Single(await LinksAsync(nsc));
        var nseLink = Assert.Single(await LinksAsync(nse));
        Assert.Equal(("nsm-1", 9000), (nscLink.Name, nscLink.Mtu));
        Assert.Equal(("nsm-nse", 9000), (nseLink.Name, nseLink.Mtu));
        Assert.Contains("172.16.1.101/32", await AddressesAsync(nsc, "nsm-1"));
        Assert.Contains("172.16.1.100/32", await AddressesAsync(nse, "nsm-nse"));
        var vppEnds = await LinksAsync(vpp);
        Assert.Equal(2, vppEnds.Count);
        Assert.All(vppEnds, l => Assert.StartsWith("vpp", l.Name, StringComparison.Ordinal));
        Assert.Equal(9000u, next.LastRequest!.Connection.Context.MTU);

        // The NSE side is made first (the client chain answers first), then the NSC side, the cross-connect both ways, then up.
        Assert.Equal(
            ["af_packet_create_v3", "sw_interface_set_flags", "af_packet_create_v3", "sw_interface_set_l2_xconnect", "sw_interface_set_l2_xconnect", "sw_interface_set_flags"],
            _fixture.Sent());
        var creates = _fixture.Sent<AfPacketCreateV3>();
        Assert.Equal(vppEnds.Select(l => l.Name).Order(), creates.Select(c => c.HostIfName).Order());
        Assert.All(creates, c => Assert.Equal((AfPacketMode.Ethernet, AfPacketFlags.Version2 | AfPacketFlags.CksumGso, 10240u, false), (c.Mode, c.Flags, c.RxFrameSize, c.UseRandomHwAddr)));
        var nseEnd = vppEnds.Single(l => l.Name == creates[0].HostIfName);
        Assert.Equal(new MacAddress(nseEnd.Mac!.GetAddressBytes()), creates[0].HwAddr);
        var xconnects = _fixture.Sent<SwInterfaceSetL2Xconnect>();
        Assert.Equal([(2u, 1u, true), (1u, 2u, true)], xconnects.Select(x => (x.RxSwIfIndex, x.TxSwIfIndex, x.Enable)));

        // A refresh changes nothing.
        var sent = _fixture.Sent().Count;
        var refresh = Request(nsc);
        refresh.Connection = connection.Clone();
        await forwarder.RequestAsync(refresh, context);
        Assert.DoesNotContain("af_packet_create_v3", _fixture.Sent().Skip(sent));

        await forwarder.CloseAsync(connection, context);

        Assert.Empty(await LinksAsync(nsc));
        Assert.Empty(await LinksAsync(nse));
        Assert.Empty(await LinksAsync(vpp));
        Assert.Equal(creates.Select(c => c.HostIfName).Order(), _fixture.Sent<AfPacketDelete>().Select(d => d.HostIfName).Order());
        Assert.Equal(1, next.Closes);
    }

    [Fact]
    public async Task An_IP_payload_is_routed_by_l3xc_with_static_neighbours_both_ways_and_Close_removes_them()
    {
        var vpp = await NewNamespaceAsync();
        var nsc = await NewNamespaceAsync();
        var nse = await NewNamespaceAsync();
        var (forwarder, _) = Forwarder(vpp, nse);
        var context = MechanismFixture.NewContext();

        var connection = await forwarder.RequestAsync(Request(nsc, "IP"), context);

        Assert.Equal(
            ["af_packet_create_v3", "ip_neighbor_add_del", "sw_interface_set_flags", "af_packet_create_v3", "ip_neighbor_add_del",
             "l3xc_update", "l3xc_update", "l3xc_update", "l3xc_update", "sw_interface_set_flags"],
            _fixture.Sent());
        var nscLink = Assert.Single(await LinksAsync(nsc));
        var nseLink = Assert.Single(await LinksAsync(nse));
        var neighbours = _fixture.Sent<IpNeighborAddDel>();
        Assert.Equal(("172.16.1.100", new MacAddress(nseLink.Mac!.GetAddressBytes())), (neighbours[0].Neighbor.IpAddress.Address.ToString(), neighbours[0].Neighbor.MacAddress));
        Assert.Equal(("172.16.1.101", new MacAddress(nscLink.Mac!.GetAddressBytes())), (neighbours[1].Neighbor.IpAddress.Address.ToString(), neighbours[1].Neighbor.MacAddress));
        var vppEnds = await LinksAsync(vpp);
        var nscVppEnd = vppEnds.Single(l => l.Name == _fixture.Sent<AfPacketCreateV3>()[1].HostIfName);
        using (var nl = await nsc.OpenNetlinkAsync())
        {
            var neighbour = Assert.Single(await nl.ListNeighborsAsync("nsm-1"), n => n.Address.ToString() == "172.16.1.100");
            Assert.Equal(nscVppEnd.Mac, neighbour.Mac);
        }

        var xc = _fixture.Sent<L3xcUpdate>();
        Assert.Equal([(1u, false, 2u, "172.16.1.101"), (2u, false, 1u, "172.16.1.100"), (1u, true, 2u, "::"), (2u, true, 1u, "::")], xc.Select(x => (x.L3xc.SwIfIndex, x.L3xc.IsIp6, x.L3xc.Paths[0].SwIfIndex, x.L3xc.Paths[0].NextHop.ToString())));

        await forwarder.CloseAsync(connection, context);

        Assert.Equal(4, _fixture.Sent<L3xcDel>().Count);
        Assert.Equal(2, _fixture.Sent<IpNeighborAddDel>().Count(n => !n.IsAdd));
        Assert.Empty(await LinksAsync(nsc));
        Assert.Empty(await LinksAsync(vpp));
    }

    [Fact]
    public async Task VPP_refusing_the_af_packet_is_a_status_naming_the_message_and_leaves_no_veth()
    {
        var vpp = await NewNamespaceAsync();
        var nsc = await NewNamespaceAsync();
        var nse = await NewNamespaceAsync();
        _fixture.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(_ => new() { Retval = -1 });
        var (forwarder, next) = Forwarder(vpp, nse);

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await forwarder.RequestAsync(Request(nsc), MechanismFixture.NewContext()));

        Assert.Contains("af_packet_create_v3", error.Message, StringComparison.Ordinal);
        Assert.Empty(await LinksAsync(nsc));
        Assert.Empty(await LinksAsync(nse));
        Assert.Empty(await LinksAsync(vpp));
        Assert.Equal(1, next.Closes);
    }

    private static async Task<string> AddressesAsync(NetNs ns, string link)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-n", ns.DisplayName, "-o", "addr", "show", "dev", link })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }
}
