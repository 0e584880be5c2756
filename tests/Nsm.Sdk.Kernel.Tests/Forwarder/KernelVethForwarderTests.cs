using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Forwarder;

/// <summary>The kernel forwarder element between two namespaces the test creates (runs as root).</summary>
public sealed partial class KernelVethForwarderTests
{
    [Fact]
    public async Task Request_CreatesConfiguredPair_RefreshKeepsIt_CloseRemovesIt()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { Mtu = 9000 });
        var nse = new FakeEndpoint(nseNs.Path, "icmp-resp-1");
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, nse)));
        var context = NewContext("conn-1");

        var conn = await chain.RequestAsync(Request("conn-1", nscNs.Path), context);
        Assert.Equal(9000u, conn.Context.MTU); // what the NSE saw and the client is told

        var nscLink = await nscNl.GetLinkAsync("nsm-1");
        var nseLink = await nseNl.GetLinkAsync("icmp-resp-1");
        Assert.Equal(9000, nscLink.Mtu);
        Assert.Equal(9000, nseLink.Mtu);
        Assert.True(nscLink.IsUp && nseLink.IsUp);
        Assert.Contains(await nscNl.ListAddressesAsync("nsm-1"), a => a.Prefix.ToString() == "10.100.1.2/24");
        Assert.Contains(await nseNl.ListAddressesAsync("icmp-resp-1"), a => a.Prefix.ToString() == "10.100.1.1/24");
        Assert.Equal(1, dataPlane.Count);
        Assert.Equal("KERNEL", nse.LastPreference?.Type);

        // Refresh: same pair, same interface.
        await chain.RequestAsync(Request("conn-1", nscNs.Path, conn.Mechanism), context);
        Assert.Equal(nscLink.Index, (await nscNl.GetLinkAsync("nsm-1")).Index);

        await chain.CloseAsync(conn, context);
        Assert.Null(await nscNl.TryGetLinkAsync("nsm-1"));
        Assert.Null(await nseNl.TryGetLinkAsync("icmp-resp-1"));
        Assert.Equal(0, dataPlane.Count);

        // The delete itself runs in the background; disposing finishes it.
        await dataPlane.DisposeAsync();
        Assert.Equal(0, dataPlane.PendingDeletes);
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
        Assert.DoesNotContain(await nseNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task RequestCloseRequest_SameInterfaceName_50Times_AlwaysWorks_AndNothingIsLeft()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder();
        var nse = new FakeEndpoint(nseNs.Path, "icmp-resp-1");
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, nse)));

        for (var i = 0; i < 50; i++)
        {
            var context = NewContext("conn-loop");
            var conn = await chain.RequestAsync(Request("conn-loop", nscNs.Path), context);
            Assert.True((await nscNl.GetLinkAsync("nsm-1")).IsUp, $"iteration {i}");
            if (i % 10 == 0)
            {
                await Shell.AssertPingAsync(nscNs.DisplayName, "10.100.1.1");
            }

            await chain.CloseAsync(conn, context);
            Assert.Null(await nscNl.TryGetLinkAsync("nsm-1"));
        }

        // The last Request right after a Close carries traffic.
        var last = await chain.RequestAsync(Request("conn-loop", nscNs.Path), NewContext("conn-loop"));
        await Shell.AssertPingAsync(nscNs.DisplayName, "10.100.1.1");
        await chain.CloseAsync(last, NewContext("conn-loop"));

        await dataPlane.DisposeAsync();
        Assert.Equal(0, dataPlane.PendingDeletes);
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
        Assert.DoesNotContain(await nseNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task FullDeleteQueue_ClosesDeleteThemselves_AndNothingIsLeft()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { PendingDeletes = 1 });
        var chains = Enumerable.Range(1, 5)
            .Select(i => new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, new FakeEndpoint(nseNs.Path, $"nse-q{i}")))))
            .ToList();
        var conns = new List<Connection>();
        for (var i = 0; i < chains.Count; i++)
        {
            conns.Add(await chains[i].RequestAsync(Request($"conn-q{i}", nscNs.Path, interfaceName: $"nsm-q{i}"), NewContext($"conn-q{i}")));
        }

        await Task.WhenAll(chains.Select((c, i) => c.CloseAsync(conns[i], NewContext($"conn-q{i}")).AsTask()));

        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name.StartsWith("nsm-", StringComparison.Ordinal));
        await dataPlane.DisposeAsync();
        Assert.Equal(0, dataPlane.PendingDeletes);
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
        Assert.DoesNotContain(await nseNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task HealedOntoAnotherNse_NscKeepsItsInterface_AndPingsTheNewOne()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (nse1Ns, nse1Nl) = await scope.CreateAsync();
        var (nse2Ns, nse2Nl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder();
        NetworkServiceServerChain ChainTo(string nsPath, string name) =>
            new(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, new FakeEndpoint(nsPath, name))));
        var context = NewContext("conn-h");
        await ChainTo(nse1Ns.Path, "nse-a").RequestAsync(Request("conn-h", nscNs.Path), context);
        var index = (await nscNl.GetLinkAsync("nsm-1")).Index;

        // The same NSE gives the healed connection another interface name: the NSE end is renamed.
        await ChainTo(nse1Ns.Path, "nse-b").RequestAsync(Request("conn-h", nscNs.Path), context);
        Assert.Equal(index, (await nscNl.GetLinkAsync("nsm-1")).Index);
        Assert.Null(await nse1Nl.TryGetLinkAsync("nse-a"));
        Assert.True((await nse1Nl.GetLinkAsync("nse-b")).IsUp);
        await Shell.AssertPingAsync(nscNs.DisplayName, "10.100.1.1");

        // Another NSE (another namespace): the NSE end moves there.
        var conn = await ChainTo(nse2Ns.Path, "nse-c").RequestAsync(Request("conn-h", nscNs.Path), context);
        Assert.Equal(index, (await nscNl.GetLinkAsync("nsm-1")).Index);
        Assert.Null(await nse1Nl.TryGetLinkAsync("nse-b"));
        Assert.Contains(await nse2Nl.ListAddressesAsync("nse-c"), a => a.Prefix.ToString() == "10.100.1.1/24");
        await Shell.AssertPingAsync(nscNs.DisplayName, "10.100.1.1");
        await Shell.AssertPingAsync(nse2Ns.DisplayName, "10.100.1.2");

        await ChainTo(nse2Ns.Path, "nse-c").CloseAsync(conn, context);
        await dataPlane.DisposeAsync();
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
        Assert.DoesNotContain(await nse2Nl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task CloseAfterDispose_DeletesAtOnce()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        var dataPlane = new KernelVethForwarder();
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, new FakeEndpoint(nseNs.Path, "nse-9"))));
        var conn = await chain.RequestAsync(Request("conn-9", nscNs.Path), NewContext("conn-9"));
        await dataPlane.DisposeAsync();

        await chain.CloseAsync(conn, NewContext("conn-9"));

        Assert.Equal(0, dataPlane.PendingDeletes);
        Assert.DoesNotContain(await nscNl.ListLinksAsync(), l => l.Name != "lo");
        Assert.DoesNotContain(await nseNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task CreateFailure_IsStatusErrorNamingTheInterface_AndClosesDownstream()
    {
        await using var scope = new NetNsScope();
        var (nscNs, nscNl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder();
        var nse = new FakeEndpoint("file:///run/netns/nsmt-does-not-exist", "nse-x");
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, nse)));

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(Request("conn-2", nscNs.Path), NewContext("conn-2")));

        Assert.Contains("create", error.Message, StringComparison.Ordinal);
        Assert.Contains("nsm-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, nse.Closes);
        Assert.Null(await nscNl.TryGetLinkAsync("nsm-1"));
        Assert.Equal(0, dataPlane.Count);
    }

    [Fact]
    public void Plan_HostRoutesToPeers_AndContextMtuWins()
    {
        var conn = new Connection
        {
            Id = "c",
            Context = new ConnectionContext
            {
                MTU = 1400,
                IpContext = new IPContext
                {
                    SrcIpAddrs = { "172.16.0.3/32" },
                    DstIpAddrs = { "172.16.0.2/32" },
                    SrcRoutes = { new Nsm.Api.NetworkService.Route { Prefix = "172.16.0.0/16" } },
                },
            },
        };
        var nsc = KernelMechanism.ToMechanism(KernelMechanism.New("file:///run/netns/a"))!;
        nsc.InterfaceName = "nsm-1";
        var nse = KernelMechanism.ToMechanism(KernelMechanism.New("file:///run/netns/b"))!;
        nse.InterfaceName = "nse-1";

        var plan = KernelVethForwarder.Plan(conn, nsc, nse, 1500);

        Assert.Equal(1400, plan.Mtu);
        Assert.Contains(plan.NscRoutes, r => r.Destination?.ToString() == "172.16.0.2/32" && r.Gateway is null);
        Assert.Contains(plan.NscRoutes, r => r.Destination?.ToString() == "172.16.0.0/16" && r.Gateway?.ToString() == "172.16.0.2");
        Assert.Contains(plan.NseRoutes, r => r.Destination?.ToString() == "172.16.0.3/32");
        Assert.Equal(plan, KernelVethForwarder.Plan(conn, nsc, nse, 1500));
    }

    private static NsmContext NewContext(string id) => new() { Metadata = new ConnectionMetadata(id) };

    private static NetworkServiceRequest Request(string id, string nscNsPath, Mechanism? selected = null, string interfaceName = "nsm-1")
    {
        var mechanism = KernelMechanism.New("file://" + nscNsPath);
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = interfaceName;
        return new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = id,
                NetworkService = "icmp-responder",
                Mechanism = selected,
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "10.100.1.2/24" }, DstIpAddrs = { "10.100.1.1/24" } } },
            },
            MechanismPreferences = { mechanism },
        };
    }

    /// <summary>Stands in for the NSE: answers with its own KERNEL mechanism.</summary>
    private sealed class FakeEndpoint(string netnsPathOrUrl, string name) : INetworkServiceClient
    {
        public Mechanism? LastPreference { get; private set; }

        public int Closes { get; private set; }

        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            LastPreference = request.MechanismPreferences.LastOrDefault();
            var conn = request.Connection.Clone();
            var mechanism = KernelMechanism.New(netnsPathOrUrl.StartsWith("file:", StringComparison.Ordinal) ? netnsPathOrUrl : "file://" + netnsPathOrUrl);
            mechanism.Parameters[KernelMechanism.InterfaceNameKey] = name;
            conn.Mechanism = mechanism;
            return ValueTask.FromResult(conn);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            Closes++;
            return default;
        }
    }
}
