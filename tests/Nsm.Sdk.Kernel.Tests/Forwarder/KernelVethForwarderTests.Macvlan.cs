using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Ipam.SharedSubnetIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.External;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;
using ApiRoute = Nsm.Api.NetworkService.Route;

namespace Nsm.Sdk.Kernel.Tests.Forwarder;

/// <summary>The macvlan path: an NSE that names a macvlan parent gives its clients a macvlan on that device.</summary>
public sealed partial class KernelVethForwarderTests
{
    [Fact]
    public async Task MacvlanParent_ClientGetsAMacvlanOnTheDevice_ReachesTheOutsideAndBack_CloseRemovesIt()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (hostNs, hostNl) = await scope.CreateAsync(); // the NSE's (host) namespace with the device "ext0"
        var (outsideNs, outsideNl) = await scope.CreateAsync();
        await hostNl.AddLinkAsync(new VethLink("ext0", "wire0") { PeerNamespace = outsideNs, Mtu = 1400 });
        await hostNl.SetLinkUpAsync("ext0");
        await outsideNl.ReplaceAddressAsync("wire0", NetlinkPrefix.Parse("10.200.0.1/24"));
        await outsideNl.SetLinkUpAsync("wire0");
        var hostBefore = await hostNl.GetLinkAsync("ext0");

        await using var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { Mtu = 9000 });
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, new MacvlanEndpoint(hostNs.Path, "ext0"))));
        var context = NewContext("conn-mv");
        var request = Request("conn-mv", nscNs.Path);
        var ip = request.Connection.Context.IpContext;
        ip.SrcIpAddrs.Clear();
        ip.DstIpAddrs.Clear();
        ip.SrcIpAddrs.Add("10.200.0.5/24");
        ip.SrcRoutes.Add(new ApiRoute { Prefix = "10.200.0.0/24" });
        ip.SrcRoutes.Add(new ApiRoute { Prefix = "10.201.0.0/24", NextHop = "10.200.0.1" });

        var conn = await chain.RequestAsync(request, context);

        var link = await nscNl.GetLinkAsync("nsm-1");
        Assert.Equal("macvlan", link.Kind);
        Assert.Equal(1400, link.Mtu); // capped by the parent's MTU
        Assert.True(link.IsUp);
        Assert.Contains(await nscNl.ListAddressesAsync("nsm-1"), a => a.Prefix.ToString() == "10.200.0.5/24");
        var (_, routes, _) = await Shell.InNsAsync(nscNs.DisplayName, "ip", "route");
        Assert.Contains("10.201.0.0/24 via 10.200.0.1 dev nsm-1", routes, StringComparison.Ordinal);
        Assert.Contains("10.200.0.0/24 dev nsm-1 proto kernel", routes, StringComparison.Ordinal);
        Assert.Equal(1, dataPlane.MacvlanCount);
        Assert.Equal(0, dataPlane.Count);
        await Shell.AssertPingAsync(nscNs.DisplayName, "10.200.0.1");
        await Shell.AssertPingAsync(outsideNs.DisplayName, "10.200.0.5");

        // Refresh: the same macvlan.
        var refresh = Request("conn-mv", nscNs.Path, conn.Mechanism);
        refresh.Connection.Context.IpContext = ip.Clone();
        await chain.RequestAsync(refresh, context);
        Assert.Equal(link.Index, (await nscNl.GetLinkAsync("nsm-1")).Index);

        await chain.CloseAsync(conn, context);
        Assert.Null(await nscNl.TryGetLinkAsync("nsm-1"));
        Assert.Equal(0, dataPlane.MacvlanCount);
        var hostAfter = await hostNl.GetLinkAsync("ext0");
        Assert.Equal((hostBefore.Index, hostBefore.Mtu, hostBefore.IsUp, hostBefore.Mac), (hostAfter.Index, hostAfter.Mtu, hostAfter.IsUp, hostAfter.Mac));
        Assert.Empty(await hostNl.ListAddressesAsync("ext0", System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.DoesNotContain(await hostNl.ListLinksAsync(), l => l.Kind == "macvlan");
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task MacvlanParent_DualStack_ProbedAddressesFromTheSharedSubnetIpam_PingInBothFamilies()
    {
        await using var scope = new NetNsScope();
        var (nscNs, _) = await scope.CreateAsync();
        var (hostNs, hostNl) = await scope.CreateAsync();
        var (outsideNs, outsideNl) = await scope.CreateAsync();
        await hostNl.AddLinkAsync(new VethLink("ext0", "wire0") { PeerNamespace = outsideNs });
        await hostNl.SetLinkUpAsync("ext0");
        await outsideNl.ReplaceAddressAsync("wire0", NetlinkPrefix.Parse("10.200.0.1/24"));
        await outsideNl.ReplaceAddressAsync("wire0", NetlinkPrefix.Parse("fd00:200::1/64"));
        await outsideNl.ReplaceAddressAsync("wire0", NetlinkPrefix.Parse("fd00:200::2/64")); // an outside host holds ::2
        await outsideNl.SetLinkUpAsync("wire0");
        await Shell.WaitForIPv6Async(outsideNs.DisplayName, "wire0");
        var ipam = new SharedSubnetIpamServer(new SharedSubnetIpamOptions
        {
            Prefixes = ["10.200.0.0/24", "fd00:200::/64"],
            Probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = "ext0", Namespace = hostNs }),
        });
        await using var dataPlane = new KernelVethForwarder();
        var chain = new NetworkServiceServerChain(ipam, dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, new MacvlanEndpoint(hostNs.Path, "ext0"))));
        var request = Request("conn-ds", nscNs.Path);
        request.Connection.Context.IpContext = new IPContext();

        var conn = await chain.RequestAsync(request, NewContext("conn-ds"));

        Assert.Equal(["10.200.0.2/24", "fd00:200::3/64"], conn.Context.IpContext.SrcIpAddrs);
        await Shell.AssertPingAsync(nscNs.DisplayName, "10.200.0.1");
        await Shell.AssertPingAsync(nscNs.DisplayName, "fd00:200::1");
        await Shell.AssertPingAsync(outsideNs.DisplayName, "fd00:200::3");
        await chain.CloseAsync(conn, NewContext("conn-ds"));
        Assert.Equal(0, ipam.Allocator.Count);
    }

    [Fact]
    public async Task MacvlanParent_HealedOntoAnotherDevice_MovesTheClientThere_AndOntoAVethEndpointBackToAPair()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (hostNs, hostNl) = await scope.CreateAsync();
        var (outsideNs, _) = await scope.CreateAsync();
        await hostNl.AddLinkAsync(new VethLink("ext0", "wire0") { PeerNamespace = outsideNs });
        await hostNl.AddLinkAsync(new VethLink("ext1", "wire1") { PeerNamespace = outsideNs });
        await using var dataPlane = new KernelVethForwarder();
        NetworkServiceServerChain ChainTo(INetworkServiceClient endpoint) =>
            new(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, endpoint)));

        var conn = await ChainTo(new MacvlanEndpoint(hostNs.Path, "ext0")).RequestAsync(Request("conn-h", nscNs.Path), NewContext("conn-h"));
        Assert.Equal((await hostNl.GetLinkAsync("ext0")).Index, (await nscNl.GetLinkAsync("nsm-1")).ParentIndex);

        await ChainTo(new MacvlanEndpoint(hostNs.Path, "ext1")).RequestAsync(Request("conn-h", nscNs.Path, conn.Mechanism), NewContext("conn-h"));
        Assert.Equal((await hostNl.GetLinkAsync("ext1")).Index, (await nscNl.GetLinkAsync("nsm-1")).ParentIndex);
        Assert.Equal(1, dataPlane.MacvlanCount);

        var veth = ChainTo(new FakeEndpoint(hostNs.Path, "nse-h"));
        conn = await veth.RequestAsync(Request("conn-h", nscNs.Path, conn.Mechanism), NewContext("conn-h"));
        Assert.Equal("veth", (await nscNl.GetLinkAsync("nsm-1")).Kind);
        Assert.Equal((0, 1), (dataPlane.MacvlanCount, dataPlane.Count));

        await veth.CloseAsync(conn, NewContext("conn-h"));
        await dataPlane.DisposeAsync();
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task MacvlanParent_Missing_FailsWithTheDeviceName_AndClosesDownstream()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (hostNs, _) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder();
        var endpoint = new MacvlanEndpoint(hostNs.Path, "nosuch0");
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, endpoint)));

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(Request("conn-mv2", nscNs.Path), NewContext("conn-mv2")));

        Assert.Contains("nosuch0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, endpoint.Closes);
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
    }

    /// <summary>Stands in for an NSE on an external network: its KERNEL mechanism names the macvlan parent.</summary>
    private sealed class MacvlanEndpoint(string netnsPath, string parent) : INetworkServiceClient
    {
        private readonly FakeEndpoint _inner = new(netnsPath, "unused");

        public int Closes => _inner.Closes;

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = await _inner.RequestAsync(request, context, next);
            KernelMechanism.ToMechanism(conn.Mechanism)!.MacvlanParent = parent;
            return conn;
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => _inner.CloseAsync(connection, context, next);
    }
}
