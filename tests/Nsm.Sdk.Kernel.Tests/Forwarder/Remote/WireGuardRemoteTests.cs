using Grpc.Core;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.WireGuard;
using Nsm.Tests.Shared;

namespace Nsm.Sdk.Kernel.Tests.Forwarder.Remote;

/// <summary>Remote IP connections over WireGuard (wireguard-go) between two "nodes" (runs as root).</summary>
public sealed class WireGuardRemoteTests
{
    [Fact]
    public async Task IpPayload_PrefersWireGuard_PingAndTcpBothWays_OnlyUdpOnTheWire_CloseLeavesNothing()
    {
        var before = await WireGuardGoPidsAsync();
        await using var net = await NodeNetwork.CreateAsync(2);
        var (a, b) = (net.Nodes[0], net.Nodes[1]);

        var conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP);

        var nsc = await a.PodNl.GetLinkAsync("nsm-1");
        var nse = await b.PodNl.GetLinkAsync("nse-1");
        Assert.Equal("tun", nsc.Kind); // wireguard-go's device
        Assert.Equal(1440, nsc.Mtu);
        Assert.Equal(1440, nse.Mtu);
        Assert.Equal(1, a.Remote.WireGuardPortCount);
        Assert.Equal(1, b.Remote.WireGuardPortCount);

        var eth0 = await b.Nl.GetLinkAsync("eth0");
        using (var capture = await PacketCapture.OpenAsync(b.Ns, eth0.Index))
        {
            await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
            await Shell.AssertPingAsync(b.Pod.DisplayName, "172.16.1.101");
            await TcpProbe.AssertRoundTripAsync(b.Pod, "172.16.1.100", a.Pod);
            await TcpProbe.AssertRoundTripAsync(a.Pod, "172.16.1.101", b.Pod);
            var packets = capture.ReadPackets().Where(p => p.EtherType == 0x0800).ToList();
            // No plaintext: no TCP, no ICMP; the pings and both TCP transfers arrive as WireGuard's UDP on B's port.
            Assert.DoesNotContain(packets, p => p.IpProtocol is 1 or 6);
            Assert.True(packets.Count(p => p.IpProtocol == 17 && p.DestinationPort == WireguardMechanism.DefaultPort) >= 10, string.Join(", ", packets));
        }

        conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP, refresh: conn);
        Assert.Equal(nsc.Index, (await a.PodNl.GetLinkAsync("nsm-1")).Index);

        await net.CloseAsync(0, 1, conn);
        await AssertNothingLeftAsync(net, before);
    }

    [Fact]
    public async Task WrongKey_FailsUnauthenticated_UnreachablePeer_FailsUnavailable_NothingLeft()
    {
        var before = await WireGuardGoPidsAsync();
        await using var net = await NodeNetwork.CreateAsync(2);

        net.Tamper = conn => WireguardMechanism.ToMechanism(conn.Mechanism)!.DstPublicKey = WireGuardKey.Generate().PublicKey.ToBase64();
        var wrongKey = await Assert.ThrowsAsync<NsmStatusException>(() => net.RequestAsync(0, 1, "conn-key", Payloads.IP));
        Assert.Equal(StatusCode.Unauthenticated, wrongKey.StatusCode);
        Assert.Contains("key", wrongKey.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(net, before);

        net.Tamper = conn => WireguardMechanism.ToMechanism(conn.Mechanism)!.DstPort = 9; // nothing listens there
        var unreachable = await Assert.ThrowsAsync<NsmStatusException>(() => net.RequestAsync(0, 1, "conn-port", Payloads.IP));
        Assert.Equal(StatusCode.Unavailable, unreachable.StatusCode);
        await AssertNothingLeftAsync(net, before);
    }

    [Fact]
    public async Task A_restarted_forwarder_keeps_the_wireguard_device_of_a_connection_on_the_nse_side_and_on_the_nsc_side()
    {
        var before = await WireGuardGoPidsAsync();
        await using var net = await NodeNetwork.CreateAsync(2);
        var (a, b) = (net.Nodes[0], net.Nodes[1]);
        var conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP);
        var nsc = await a.PodNl.GetLinkAsync("nsm-1");
        var nse = await b.PodNl.GetLinkAsync("nse-1");

        // The NSE's node's forwarder restarts; the client's refresh carries what it advertised (dst_public_key, dst_port).
        net.Restart(1, "conn-wg@remote");
        conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP, refresh: conn);
        Assert.Equal(nse.Index, (await b.PodNl.GetLinkAsync("nse-1")).Index);
        Assert.Equal(nsc.Index, (await a.PodNl.GetLinkAsync("nsm-1")).Index);
        Assert.Equal((1, 1), (b.Remote.Count, b.Remote.WireGuardPortCount));
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await Shell.AssertPingAsync(b.Pod.DisplayName, "172.16.1.101");

        // The NSC's node's forwarder restarts: it finds the device in the NSC's pod and offers its key and port again.
        net.Restart(0, "conn-wg");
        conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP, refresh: conn);
        Assert.Equal(nsc.Index, (await a.PodNl.GetLinkAsync("nsm-1")).Index);
        Assert.Equal(nse.Index, (await b.PodNl.GetLinkAsync("nse-1")).Index);
        Assert.Equal((1, 1), (a.Remote.Count, a.Remote.WireGuardPortCount));
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await TcpProbe.AssertRoundTripAsync(b.Pod, "172.16.1.100", a.Pod);

        // A refresh after both restarts changes nothing, and Close through the new forwarders removes everything.
        conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP, refresh: conn);
        Assert.Equal(nsc.Index, (await a.PodNl.GetLinkAsync("nsm-1")).Index);
        await net.CloseAsync(0, 1, conn);
        await AssertNothingLeftAsync(net, before);
    }

    [Fact]
    public async Task A_restarted_forwarder_replaces_a_device_whose_key_the_request_does_not_carry()
    {
        var before = await WireGuardGoPidsAsync();
        await using var net = await NodeNetwork.CreateAsync(2);
        var (a, b) = (net.Nodes[0], net.Nodes[1]);
        var conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP);
        var nse = await b.PodNl.GetLinkAsync("nse-1");

        // The NSE's node's forwarder restarts, and the refresh carries another key than its device's: a new device.
        net.Restart(1, "conn-wg@remote");
        net.TamperRequest = r => WireguardMechanism.ToMechanism(r.Connection.Mechanism)!.DstPublicKey = WireGuardKey.Generate().PublicKey.ToBase64();
        conn = await net.RequestAsync(0, 1, "conn-wg", Payloads.IP, refresh: conn);
        net.TamperRequest = null;
        Assert.NotEqual(nse.Index, (await b.PodNl.GetLinkAsync("nse-1")).Index);
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await net.CloseAsync(0, 1, conn);
        await AssertNothingLeftAsync(net, before);
    }

    [Fact]
    public async Task A_port_taken_on_either_node_by_something_else_is_skipped()
    {
        var before = await WireGuardGoPidsAsync();
        await using var net = await NodeNetwork.CreateAsync(2);
        var (a, b) = (net.Nodes[0], net.Nodes[1]);

        // Something this forwarder does not know holds 51820 on both nodes (as a device of an earlier life of it would).
        using var takenA = await a.Ns.RunInAsync(() => Bind(WireguardMechanism.DefaultPort));
        using var takenB = await b.Ns.RunInAsync(() => Bind(WireguardMechanism.DefaultPort));
        var conn = await net.RequestAsync(0, 1, "conn-port", Payloads.IP); // would fail with EADDRINUSE if 51820 were not skipped
        await Shell.AssertPingAsync(a.Pod.DisplayName, "172.16.1.100");
        await Shell.AssertPingAsync(b.Pod.DisplayName, "172.16.1.101");
        Assert.Equal((1, 1), (a.Remote.WireGuardPortCount, b.Remote.WireGuardPortCount));

        await net.CloseAsync(0, 1, conn);
        await AssertNothingLeftAsync(net, before);

        static System.Net.Sockets.Socket Bind(int port)
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, port));
            return socket;
        }
    }

    private static async Task<HashSet<string>> WireGuardGoPidsAsync()
    {
        var (_, output, _) = await Shell.RunAsync("pgrep", "-x", "wireguard-go");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static async Task AssertNothingLeftAsync(NodeNetwork net, HashSet<string> pidsBefore)
    {
        foreach (var node in net.Nodes)
        {
            Assert.Equal(0, node.Remote.Count);
            Assert.Equal(0, node.Remote.WireGuardPortCount);
            Assert.DoesNotContain(await node.PodNl.ListLinksAsync(), l => l.Name != "lo");
            Assert.DoesNotContain(await node.Nl.ListLinksAsync(), l => l.Kind is "vxlan" or "wireguard" or "tun");
        }

        // Other tests may run wireguard-go at the same time: only this test's processes (those running in its node
        // namespaces) must be gone.
        var nodes = net.Nodes.Select(n => $"net:[{n.Ns.Inode}]").ToHashSet(StringComparer.Ordinal);
        var (_, output, _) = await Shell.RunAsync("pgrep", "-a", "-x", "wireguard-go");
        var mine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !pidsBefore.Contains(l.Split(' ')[0]) && nodes.Contains(NetNsOf(l.Split(' ')[0])))
            .ToList();
        Assert.Empty(mine);
    }

    private static string NetNsOf(string pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget ?? string.Empty;
        }
        catch (IOException)
        {
            return string.Empty; // it exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
