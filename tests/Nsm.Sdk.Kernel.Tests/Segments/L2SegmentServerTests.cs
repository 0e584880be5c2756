using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Segments;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.Vlan;
using Nsm.Tests.Shared;

namespace Nsm.Sdk.Kernel.Tests.Segments;

/// <summary>
/// An NSE namespace with an <see cref="L2SegmentServer"/>; clients are namespaces whose <c>nsm-1</c> is a veth to it
/// (what the kernel forwarder makes). Runs as root.
/// </summary>
public sealed partial class L2SegmentServerTests
{
    [Fact]
    public async Task Clients_of_one_service_share_a_segment_v4_and_v6_and_nobody_else_hears_their_broadcasts()
    {
        await using var scope = new NetNsScope();
        var (nse, nseNl) = await scope.CreateAsync();
        await using var segments = new L2SegmentServer(new L2SegmentOptions { NetNsPath = nse.Path, Services = ["a"] });
        await segments.StartAsync(CancellationToken.None);
        var chain = new NetworkServiceServerChain(segments);

        var c1 = await ClientAsync(scope, nse, nseNl, "seg1", "192.168.100.10/24", "fd00:100::10/64");
        var c2 = await ClientAsync(scope, nse, nseNl, "seg2", "192.168.100.11/24", "fd00:100::11/64");
        var c3 = await ClientAsync(scope, nse, nseNl, "seg3", "192.168.100.12/24", "fd00:100::12/64");
        var conn1 = await chain.RequestAsync(Request("c-1", "a", "seg1"), new NsmContext { Metadata = new ConnectionMetadata("c-1") });
        await chain.RequestAsync(Request("c-2", "a", "seg2"), new NsmContext { Metadata = new ConnectionMetadata("c-2") });
        await segments.JoinAsync("c-3", "b", "seg3", NullLogger.Instance, CancellationToken.None); // another service: its own segment
        Assert.True(await segments.WhenJoinedAsync("c-1"));
        Assert.True(await segments.WhenJoinedAsync("c-2"));
        Assert.True(await segments.WhenJoinedAsync("c-3"));
        Assert.Equal(new[] { L2SegmentServer.BridgeOf("a"), L2SegmentServer.BridgeOf("b") }.Order(StringComparer.Ordinal), segments.Bridges.Values.Order(StringComparer.Ordinal));

        var c2Port = await c2.Nl.GetLinkAsync("nsm-1");
        var c3Port = await c3.Nl.GetLinkAsync("nsm-1");
        using (var hear2 = await PacketCapture.OpenAsync(c2.Ns, c2Port.Index))
        using (var hear3 = await PacketCapture.OpenAsync(c3.Ns, c3Port.Index))
        {
            await Shell.AssertPingAsync(c1.Ns.DisplayName, "192.168.100.11");
            await Shell.AssertPingAsync(c1.Ns.DisplayName, "fd00:100::11");
            await Shell.AssertNoPingAsync(c1.Ns.DisplayName, "192.168.100.12"); // same subnet, other segment
            Assert.Contains(hear2.ReadAll(), f => f.EtherType == 0x0806); // c1's ARP broadcast reached c2
            // Nothing of it reached c3: no ARP, no IPv6 (c1 never learnt a MAC for .12, so no unicast either); the
            // IPv4 frames c3 may see are its NSE-side port's own IGMP report when it came up (from 0.0.0.0).
            Assert.DoesNotContain(hear3.ReadAll(), f => f.EtherType is 0x0806 or 0x86DD);
        }

        // The NSE owns no address on the segment and answers no ARP: the bridge is a wire.
        var (_, global, _) = await Shell.InNsAsync(nse.DisplayName, "ip", "-o", "addr", "show", "scope", "global");
        Assert.Equal(string.Empty, global.Trim());
        Assert.Equal("1", (await nse.ReadSysctlAsync($"net.ipv6.conf.{L2SegmentServer.BridgeOf("a")}.disable_ipv6")).Trim());

        await chain.CloseAsync(conn1, new NsmContext { Metadata = new ConnectionMetadata("c-1") });
        Assert.False((await nseNl.GetLinkAsync("seg1")).MasterIndex is > 0, "a closed client's interface is out of the segment");
        await Shell.AssertNoPingAsync(c2.Ns.DisplayName, "192.168.100.10");
        await Shell.AssertPingAsync(c2.Ns.DisplayName, "fd00:100::11"); // itself, and the segment stays for the others

        await segments.DisposeAsync();
        var (_, bridges, _) = await Shell.InNsAsync(nse.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Equal(string.Empty, bridges.Trim());
    }

    [Fact]
    public async Task A_vlan_uplink_that_appears_later_carries_the_segment_tagged_and_is_reattached_when_it_comes_back()
    {
        await using var scope = new NetNsScope();
        var (nse, nseNl) = await scope.CreateAsync();
        var (lan, lanNl) = await scope.CreateAsync();
        var segments = new L2SegmentServer(new L2SegmentOptions
        {
            NetNsPath = nse.Path,
            Services = ["l2-bridge"],
            VlanId = 100,
            UplinkMode = VlanUplinkMode.Bpf,
            UplinkPollInterval = TimeSpan.FromMilliseconds(50),
        });
        await segments.StartAsync(CancellationToken.None);
        var c1 = await ClientAsync(scope, nse, nseNl, "seg1", "192.168.100.10/24", "fd00:100::10/64");
        await segments.JoinAsync("c-1", "l2-bridge", "seg1", NullLogger.Instance, CancellationToken.None);
        Assert.True(await segments.WhenJoinedAsync("c-1"));
        Assert.Null(segments.UplinkPort); // no eth0 yet: waiting

        // The uplink appears; its far end is a host tagging VLAN 100 (h100).
        await UplinkAsync(nse, nseNl, lan, lanNl);
        await segments.WhenUplinkAttachedAsync();
        Assert.Equal("eth0.100", segments.UplinkPort); // the VLAN's port (a veth end), as a vlan link would be named
        Assert.Equal(VlanUplinkMode.Bpf, segments.UplinkMode);
        var far = await lanNl.GetLinkAsync("up0");
        List<CapturedFrame> frames;
        await using (await BpfVlanTagger.AttachAsync(lanNl, "up0", 100))
        {
            using var capture = await PacketCapture.OpenAsync(lan, far.Index);
            await Shell.AssertPingAsync(lan.DisplayName, "192.168.100.10");
            await Shell.AssertPingAsync(lan.DisplayName, "fd00:100::10");
            frames = capture.ReadAll();
        }

        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal((true, 0x8100, 100), (f.Tagged, (int)f.Tpid, f.VlanId)));
        var ids = await ProgramIdsAsync(nse, "eth0");
        ids.AddRange(await ProgramIdsAsync(nse, "eth0_100"));
        Assert.Equal(2, ids.Count);

        // The uplink keeps its own use: its address and untagged traffic are not the segment's.
        await nseNl.AddAddressAsync("eth0", NetlinkPrefix.Parse("10.77.0.1/24"));
        await lanNl.AddAddressAsync("up0", NetlinkPrefix.Parse("10.77.0.2/24"));
        await Shell.AssertPingAsync(nse.DisplayName, "10.77.0.2");
        Assert.False((await nseNl.GetLinkAsync("eth0")).MasterIndex is > 0, "the uplink is no bridge port");

        // The uplink goes (its filters with it) and comes back: attached again.
        await nseNl.DeleteLinkAsync("eth0");
        await WaitUntilAsync(() => segments.UplinkPort is null);
        await UplinkAsync(nse, nseNl, lan, lanNl);
        await WaitUntilAsync(() => segments.UplinkPort is not null);
        await using (await BpfVlanTagger.AttachAsync(lanNl, "up0", 100))
        {
            await Shell.AssertPingAsync(lan.DisplayName, "192.168.100.10");
        }

        ids.AddRange(await ProgramIdsAsync(nse, "eth0"));
        ids.AddRange(await ProgramIdsAsync(nse, "eth0_100"));
        await segments.DisposeAsync();
        Assert.Null(await nseNl.TryGetLinkAsync("eth0.100"));
        var (_, qdiscs, _) = await Shell.InNsAsync(nse.DisplayName, "tc", "qdisc", "show", "dev", "eth0");
        Assert.DoesNotContain("clsact", qdiscs, StringComparison.Ordinal);
        var (_, bridges, _) = await Shell.InNsAsync(nse.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Equal(string.Empty, bridges.Trim());
        foreach (var id in ids)
        {
            await WaitUntilAsync(() => !BpfProgram.IsLoaded(id));
        }

        _ = c1;
    }

    [Fact]
    public void Options_refuse_a_bad_vlan_and_a_vlan_over_several_services()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new L2SegmentOptions { Services = ["a"], VlanId = 4095 }.Validate());
        var e = Assert.Throws<ArgumentException>(() => new L2SegmentOptions { Services = ["a", "b"], VlanId = 5 }.Validate());
        Assert.Contains("one VLAN carries one segment", e.Message, StringComparison.Ordinal);
        new L2SegmentOptions { Services = ["a", "b"] }.Validate();
        Assert.Equal("nsmseg-", L2SegmentServer.BridgeOf("l2-bridge")[..7]);
        Assert.True(L2SegmentServer.BridgeOf("l2-bridge").Length <= 15);
    }

    private static async Task<(NetNs Ns, NetlinkHandle Nl)> ClientAsync(NetNsScope scope, NetNs nse, NetlinkHandle nseNl, string port, string v4, string v6)
    {
        var (ns, nl) = await scope.CreateAsync();
        await nl.AddLinkAsync(new VethLink("nsm-1", port) { Namespace = ns, PeerNamespace = nse, Up = true });
        await nseNl.SetLinkUpAsync(port);
        await nl.AddAddressAsync("nsm-1", NetlinkPrefix.Parse(v4));
        await Shell.InNsAsync(ns.DisplayName, "ip", "-6", "addr", "add", v6, "dev", "nsm-1", "nodad");
        return (ns, nl);
    }

    // eth0 in the NSE, up0 in the LAN namespace (h100: 192.168.100.50 on VLAN 100).
    private static async Task UplinkAsync(NetNs nse, NetlinkHandle nseNl, NetNs lan, NetlinkHandle lanNl)
    {
        await nseNl.AddLinkAsync(new VethLink("eth0", "up0") { Namespace = nse, PeerNamespace = lan });
        await nse.WriteSysctlAsync("net.ipv6.conf.eth0.disable_ipv6", "1"); // the uplink's own chatter (untagged) is not the segment's
        await lanNl.SetLinkUpAsync("up0");
        if ((await lanNl.ListAddressesAsync("up0", null)).Count == 0)
        {
            await lanNl.AddAddressAsync("up0", NetlinkPrefix.Parse("192.168.100.50/24"));
            await Shell.InNsAsync(lan.DisplayName, "ip", "-6", "addr", "add", "fd00:100::50/64", "dev", "up0", "nodad");
        }
    }

    private static async Task<List<uint>> ProgramIdsAsync(NetNs ns, string link)
    {
        var ids = new List<uint>();
        foreach (var direction in new[] { "ingress", "egress" })
        {
            var (_, filters, _) = await Shell.InNsAsync(ns.DisplayName, "tc", "filter", "show", "dev", link, direction);
            ids.AddRange(ProgramId().Matches(filters).Select(m => uint.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return ids;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    private static NetworkServiceRequest Request(string id, string service, string port)
    {
        var mechanism = KernelMechanism.New("file:///proc/self/ns/net");
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = port;
        return new NetworkServiceRequest { Connection = new Connection { Id = id, NetworkService = service, Mechanism = mechanism } };
    }

    [GeneratedRegex(@"\bid (\d+)\b")]
    private static partial Regex ProgramId();
}
