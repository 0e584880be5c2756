using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Vlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.Vlan;
using Nsm.Tests.Shared;

namespace Nsm.Sdk.Kernel.Tests.Forwarder;

/// <summary>
/// Upstream's Kernel2KernelVLAN through the kernel forwarder's elements (runs as root): an NSE that names every
/// client's interface <c>trunk0</c> and gives each a VLAN (<see cref="KernelVlanServer"/>) gets one trunk; in its
/// namespace the test bridges the trunk to one handler per VLAN (a veth with the BPF tagger and the NSE's address).
/// </summary>
public sealed class VlanTrunkTests
{
    private const string Trunk = "trunk0";

    [Fact]
    public async Task Two_clients_share_one_trunk_each_tagged_with_its_vlan_and_ping_their_vlans_handler()
    {
        await using var scope = new NetNsScope();
        var (forwarderNs, forwarderNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        var (client1, client1Nl) = await scope.CreateAsync();
        var (client2, client2Nl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { TrunkNetNsPath = forwarderNs.Path });
        var nse = new VlanEndpoint(nseNs.Path);
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, nse)));
        var context1 = new NsmContext { Metadata = new ConnectionMetadata("conn-1") };
        var context2 = new NsmContext { Metadata = new ConnectionMetadata("conn-2") };

        var conn1 = await chain.RequestAsync(Request("conn-1", client1.Path, 1), context1);
        var conn2 = await chain.RequestAsync(Request("conn-2", client2.Path, 2), context2);
        Assert.True(nse.SawSupportsVlan);
        Assert.Equal(1, nse.Vlans["conn-1"]); // the lowest free ids
        Assert.Equal(2, nse.Vlans["conn-2"]);
        Assert.Equal(1, dataPlane.Trunks);
        var trunk = await nseNl.GetLinkAsync(Trunk);
        var nsm1 = await client1Nl.GetLinkAsync("nsm-1");
        var refreshed = Request("conn-1", client1.Path, 1);
        refreshed.Connection.Mechanism = conn1.Mechanism;
        await chain.RequestAsync(refreshed, context1); // a refresh keeps the client's veth, its VLAN and the trunk
        Assert.Equal(nsm1.Index, (await client1Nl.GetLinkAsync("nsm-1")).Index);
        Assert.Equal(trunk.Index, (await nseNl.GetLinkAsync(Trunk)).Index);
        Assert.Equal(1, nse.Vlans["conn-1"]);
        Assert.Single(await nseNl.ListLinksAsync(), l => l.Name != "lo"); // one trunk for both
        Assert.DoesNotContain(await nseNl.ListAddressesAsync(Trunk), a => a.Prefix.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        Assert.Contains(await client1Nl.ListAddressesAsync("nsm-1"), a => a.Prefix.ToString() == "10.60.1.2/24");
        Assert.Contains(await client2Nl.ListAddressesAsync("nsm-1"), a => a.Prefix.ToString() == "10.60.2.2/24");

        await using var handler1 = await AddHandlerAsync(nseNs, nseNl, 1, "10.60.1.1/24");
        await using var handler2 = await AddHandlerAsync(nseNs, nseNl, 2, "10.60.2.1/24");

        using (var capture = await PacketCapture.OpenAsync(nseNs, trunk.Index))
        {
            await Shell.AssertPingAsync(client1.DisplayName, "10.60.1.1");
            var frames = capture.ReadAll().Where(f => f.EtherType is 0x0800 or 0x0806).ToList();
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.Equal(new CapturedFrame(true, 0x8100, 1, f.EtherType), f));
        }

        using (var capture = await PacketCapture.OpenAsync(nseNs, trunk.Index))
        using (var atClient1 = await PacketCapture.OpenAsync(client1, (await client1Nl.GetLinkAsync("nsm-1")).Index))
        {
            await Shell.AssertPingAsync(client2.DisplayName, "10.60.2.1");
            var frames = capture.ReadAll().Where(f => f.EtherType is 0x0800 or 0x0806).ToList();
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.Equal(new CapturedFrame(true, 0x8100, 2, f.EtherType), f));
            Assert.DoesNotContain(atClient1.ReadAll(), f => f.EtherType is 0x0800 or 0x0806); // VLAN 2's answers (and broadcasts) reach client 2 only
        }

        // The first client goes: the trunk stays for the second; the last one takes the trunk with it.
        await chain.CloseAsync(conn1, context1);
        Assert.Null(await client1Nl.TryGetLinkAsync("nsm-1"));
        Assert.Equal(1, dataPlane.Trunks);
        await Shell.AssertPingAsync(client2.DisplayName, "10.60.2.1");
        await chain.CloseAsync(conn2, context2);
        Assert.Null(await client2Nl.TryGetLinkAsync("nsm-1"));
        Assert.Null(await nseNl.TryGetLinkAsync(Trunk));
        Assert.Equal(0, dataPlane.Trunks);
        Assert.Equal(0, nse.Allocated);
        Assert.DoesNotContain(await forwarderNl.ListLinksAsync(), l => l.Name != "lo");
    }

    [Fact]
    public async Task Without_supportsVlan_the_nse_gives_no_vlan_and_the_client_gets_a_pair_of_its_own()
    {
        await using var scope = new NetNsScope();
        var (forwarderNs, forwarderNl) = await scope.CreateAsync();
        var (nseNs, nseNl) = await scope.CreateAsync();
        var (client, clientNl) = await scope.CreateAsync();
        await using var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { TrunkNetNsPath = forwarderNs.Path, SupportsVlan = false });
        var nse = new VlanEndpoint(nseNs.Path);
        var chain = new NetworkServiceServerChain(dataPlane.Server, new FakeConnect(new NetworkServiceClientChain(dataPlane.Client, nse)));
        var context = new NsmContext { Metadata = new ConnectionMetadata("conn-1") };

        var conn = await chain.RequestAsync(Request("conn-1", client.Path, 1), context);

        Assert.False(nse.SawSupportsVlan);
        Assert.Empty(nse.Vlans);
        Assert.Equal(0, dataPlane.Trunks);
        Assert.Contains(await nseNl.ListAddressesAsync(Trunk), a => a.Prefix.ToString() == "10.60.1.1/24");
        await Shell.AssertPingAsync(client.DisplayName, "10.60.1.1");
        Assert.DoesNotContain(await forwarderNl.ListLinksAsync(), l => l.Name != "lo");
        await chain.CloseAsync(conn, context);
        Assert.Null(await clientNl.TryGetLinkAsync("nsm-1"));
    }

    private static NetworkServiceRequest Request(string id, string clientNsPath, int subnet)
    {
        var mechanism = KernelMechanism.New("file://" + clientNsPath);
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = "nsm-1";
        return new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = id,
                NetworkService = "vlan-trunk",
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { $"10.60.{subnet}.2/24" }, DstIpAddrs = { $"10.60.{subnet}.1/24" } } },
            },
            MechanismPreferences = { mechanism },
        };
    }

    /// <summary>
    /// The NSE's handler of one VLAN: a veth whose one end is a port of the trunk's bridge and whose other end has the
    /// NSE's address and the BPF tagger (tags what it sends, takes only its VLAN in).
    /// </summary>
    private static async Task<BpfVlanTagger> AddHandlerAsync(NetNs nseNs, NetlinkHandle nl, int vlan, string address)
    {
        if (await nl.TryGetLinkAsync("br0") is null)
        {
            await nl.AddLinkAsync(new BridgeLink("br0"));
            await nseNs.WriteSysctlAsync("net.ipv6.conf.br0.disable_ipv6", "1");
            await nl.SetMasterAsync(Trunk, "br0");
            await nl.SetLinkUpAsync("br0");
        }

        var port = $"h{vlan}a";
        var end = $"h{vlan}b";
        await nl.AddLinkAsync(new VethLink(port, end));
        await nl.SetMasterAsync(port, "br0");
        await nl.SetLinkUpAsync(port);
        await nl.AddAddressAsync(end, NetlinkPrefix.Parse(address));
        await nl.SetLinkUpAsync(end);
        return await BpfVlanTagger.AttachAsync(nl, end, vlan);
    }

    /// <summary>
    /// Stands in for a VLAN NSE (cmd-nse-vlan-vpp's shape): every client's interface is <c>trunk0</c> in its namespace,
    /// and <see cref="KernelVlanServer"/> gives a client that supports VLANs the lowest free id.
    /// </summary>
    private sealed class VlanEndpoint(string netnsPath) : INetworkServiceClient
    {
        private readonly KernelVlanServer _vlans = new();

        public bool SawSupportsVlan { get; private set; }

        public Dictionary<string, int> Vlans { get; } = new(StringComparer.Ordinal);

        public int Allocated => _vlans.Allocated;

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var preference = KernelMechanism.ToMechanism(request.MechanismPreferences.Single(m => KernelMechanism.ToMechanism(m) is not null))!;
            SawSupportsVlan = preference.SupportsVlan;
            var mechanism = KernelMechanism.New("file://" + netnsPath);
            mechanism.Parameters[KernelMechanism.InterfaceNameKey] = Trunk;
            if (preference.SupportsVlan)
            {
                mechanism.Parameters[KernelMechanism.SupportsVlanKey] = "true";
            }

            var server = request.Clone();
            server.Connection.Mechanism = mechanism;
            var conn = await new NetworkServiceServerChain(_vlans).RequestAsync(server, context);
            if (KernelMechanism.ToMechanism(conn.Mechanism)!.VlanId is > 0 and var vlan)
            {
                Vlans[conn.Id] = vlan;
            }

            return conn;
        }

        public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
            await new NetworkServiceServerChain(_vlans).CloseAsync(connection, context);
    }
}
