using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.WireGuard;
using Nsm.Tests.Shared;
using Xunit.Abstractions;

namespace Nsm.Sdk.Kernel.Tests.WireGuard;

/// <summary>wireguard-go devices between two node namespaces, moved into pod namespaces (root).</summary>
public class WireGuardDeviceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Two_pairs_with_the_same_pod_addresses_carry_ping_and_tcp_and_the_wire_shows_only_wireguard_udp()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod1A, nl1A) = await nodes.PodAsync();
        var (pod1B, nl1B) = await nodes.PodAsync();
        var (pod2A, nl2A) = await nodes.PodAsync();
        var (pod2B, nl2B) = await nodes.PodAsync();
        var (a1, b1) = await nodes.PairAsync(pod1A, nl1A, pod1B, nl1B);
        var (a2, b2) = await nodes.PairAsync(pod2A, nl2A, pod2B, nl2B);
        Assert.NotEqual(b1.ListenPort, b2.ListenPort);
        Assert.Equal(WireGuardImplementation.WireGuardGo, a1.Implementation);
        Assert.Equal("nsm-1", (await nl1A.GetLinkByIndexAsync(a1.TargetIndex)).Name);
        Assert.Equal(1420, (await nl1A.GetLinkAsync("nsm-1")).Mtu);

        var uplink = await nodes.NodeBNetlink.GetLinkAsync("uplink");
        using var capture = await PacketCapture.OpenAsync(nodes.NodeB, uplink.Index);
        var packets = new List<CapturedPacket>();
        foreach (var (device, pod, podB) in new[] { (a1, pod1A, pod1B), (a2, pod2A, pod2B) })
        {
            Assert.True((await device.WaitForHandshakeAsync(HandshakeTimeout)).Completed);
            await Shell.AssertPingAsync(pod.DisplayName, "172.16.1.101");
            await Shell.AssertPingAsync(podB.DisplayName, "172.16.1.100");
            await ExchangeOverTcpAsync(pod, podB);
            packets.AddRange(capture.ReadPackets());
        }

        Assert.Contains(packets, p => p.IpProtocol == 17 && p.DestinationPort == b1.ListenPort);
        Assert.Contains(packets, p => p.IpProtocol == 17 && p.DestinationPort == b2.ListenPort);
        Assert.All(packets.Where(p => p.EtherType == 0x0800), p => Assert.True(
            p.IpProtocol == 17 && (p.DestinationPort == b1.ListenPort || p.DestinationPort == b2.ListenPort),
            $"plain traffic on the node network: IP protocol {p.IpProtocol}, port {p.DestinationPort}"));
        var status = await a1.GetStatusAsync();
        Assert.True(Assert.Single(status.Peers).TxBytes > 40_000);
    }

    [Fact]
    public async Task A_wrong_peer_key_gives_no_handshake_and_the_diagnosis_says_wrong_key()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (podA, nlA) = await nodes.PodAsync();
        var (podB, nlB) = await nodes.PodAsync();
        var (a, _) = await nodes.PairAsync(podA, nlA, podB, nlB, peerKeyOfA: WireGuardKey.Generate().PublicKey);

        var result = await a.WaitForHandshakeAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(WireGuardFailure.WrongKey, result.Failure);
        Assert.Contains("keys do not match", result.Message, StringComparison.Ordinal);
        await Shell.AssertNoPingAsync(podA.DisplayName, "172.16.1.101");
    }

    [Theory]
    [InlineData("192.168.79.2:9", "nothing listens")]
    [InlineData("192.168.79.99:51820", "host unreachable")]
    [InlineData("10.255.0.1:51820", "network unreachable")]
    public async Task An_unreachable_endpoint_gives_no_handshake_and_the_diagnosis_says_unreachable(string endpoint, string reason)
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (podA, nlA) = await nodes.PodAsync();
        var (podB, nlB) = await nodes.PodAsync();
        var (a, _) = await nodes.PairAsync(podA, nlA, podB, nlB, endpoint: IPEndPoint.Parse(endpoint));

        var result = await a.WaitForHandshakeAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(WireGuardFailure.Unreachable, result.Failure);
        Assert.Contains(endpoint + " is unreachable", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responder_without_endpoint_says_so()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (podB, _) = await nodes.PodAsync();
        var b = await nodes.CreateAsync(new WireGuardDeviceSpec(nodes.NextName(), podB.Path, "nsm-1", WireGuardKey.Generate())
        {
            UnderlayNetNs = nodes.NodeB.Path,
            Peer = new WireGuardPeer(WireGuardKey.Generate().PublicKey),
        });
        var result = await b.WaitForHandshakeAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(WireGuardFailure.NoEndpoint, result.Failure);
    }

    [Fact]
    public async Task Dispose_leaves_no_link_process_or_socket()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, nl) = await nodes.PodAsync();
        var name = nodes.NextName();
        var device = await nodes.Devices.CreateAsync(new WireGuardDeviceSpec(name, "file://" + pod.Path, "nsm-7", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path, ListenPort = 51999 });
        Assert.Equal(51999, device.ListenPort);
        Assert.True(WireGuardNodes.WireGuardGoRuns(name));
        Assert.True(File.Exists(WireGuardUapi.SocketPathFor(name)));

        await device.DisposeAsync();
        Assert.Null(await nl.TryGetLinkAsync("nsm-7"));
        Assert.False(WireGuardNodes.WireGuardGoRuns(name));
        Assert.False(File.Exists(WireGuardUapi.SocketPathFor(name)));
        await device.DisposeAsync();
    }

    [Fact]
    public async Task WireGuardGo_runs_in_its_own_session_with_its_output_in_a_file_and_a_new_factory_takes_it_over()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, nl) = await nodes.PodAsync();
        var name = nodes.NextName();
        var key = WireGuardKey.Generate();
        var peer = WireGuardKey.Generate().PublicKey;
        var device = await nodes.Devices.CreateAsync(new WireGuardDeviceSpec(name, "file://" + pod.Path, "nsm-7", key)
        {
            UnderlayNetNs = nodes.NodeA.Path,
            ListenPort = 51998,
            Peer = new WireGuardPeer(peer) { Endpoint = IPEndPoint.Parse("192.168.79.2:51820"), AllowedIps = [IPNetwork.Parse("0.0.0.0/0")] },
        });

        // Nothing ties it to this process but being its child: no pipe that breaks (SIGPIPE) when this process dies,
        // no process group or session a signal to this one reaches.
        var pid = device.ProcessId;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[3]); // session id
        Assert.Equal("/dev/null", new FileInfo($"/proc/{pid}/fd/0").LinkTarget);
        var log = Path.ChangeExtension(WireGuardUapi.SocketPathFor(name), ".log");
        Assert.EndsWith("/run/wireguard/" + name + ".log", new FileInfo($"/proc/{pid}/fd/1").LinkTarget, StringComparison.Ordinal); // /var/run is /run
        Assert.EndsWith("/run/wireguard/" + name + ".log", new FileInfo($"/proc/{pid}/fd/2").LinkTarget, StringComparison.Ordinal);

        // A new factory (a restarted forwarder) takes the device over through its UAPI socket.
        var restarted = new WireGuardDevices();
        var adopted = await restarted.TryAdoptAsync(name, "file://" + pod.Path, "nsm-7", nodes.NodeA.Path);
        Assert.NotNull(adopted);
        Assert.True(adopted.Adopted);
        Assert.Equal((device.TargetIndex, key.PublicKey, 51998, WireGuardImplementation.WireGuardGo), (adopted.TargetIndex, adopted.PublicKey, adopted.ListenPort, adopted.Implementation));
        Assert.Equal(peer, adopted.Peer?.PublicKey);
        Assert.Equal(IPEndPoint.Parse("192.168.79.2:51820"), adopted.Peer?.Endpoint);
        Assert.Null(await restarted.TryAdoptAsync(nodes.NextName(), "file://" + pod.Path, "nsm-7", nodes.NodeA.Path)); // no such socket
        Assert.Null(await restarted.TryAdoptAsync(name, "file://" + pod.Path, "nsm-8", nodes.NodeA.Path)); // no such interface

        await adopted.DisposeAsync();
        Assert.Null(await nl.TryGetLinkAsync("nsm-7"));
        Assert.False(File.Exists(WireGuardUapi.SocketPathFor(name)));
        Assert.False(File.Exists(log));
        await device.DisposeAsync();
        Assert.False(WireGuardNodes.WireGuardGoRuns(name));
    }

    [Fact]
    public async Task Without_detaching_wireguard_go_is_read_through_pipes_and_still_works()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, nl) = await nodes.PodAsync();
        var name = nodes.NextName();
        var devices = new WireGuardDevices(new WireGuardDevicesOptions { DetachWireGuardGo = false });
        var device = await devices.CreateAsync(new WireGuardDeviceSpec(name, "file://" + pod.Path, "nsm-6", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path });
        Assert.StartsWith("pipe:", new FileInfo($"/proc/{device.ProcessId}/fd/1").LinkTarget, StringComparison.Ordinal);
        Assert.Equal(WireGuardImplementation.WireGuardGo, (await devices.TryAdoptAsync(name, "file://" + pod.Path, "nsm-6", nodes.NodeA.Path))?.Implementation);
        await device.DisposeAsync();
        Assert.Null(await nl.TryGetLinkAsync("nsm-6"));
        Assert.False(WireGuardNodes.WireGuardGoRuns(name));
    }

    [Fact]
    public async Task A_name_in_use_or_a_taken_target_name_fails_and_leaves_nothing()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, nl) = await nodes.PodAsync();
        var (other, _) = await nodes.PodAsync();
        var name = nodes.NextName();
        await nodes.CreateAsync(new WireGuardDeviceSpec(name, pod.Path, "nsm-1", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path });

        var sameName = await Assert.ThrowsAsync<WireGuardException>(() =>
            nodes.Devices.CreateAsync(new WireGuardDeviceSpec(name, other.Path, "nsm-1", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeB.Path }));
        Assert.Contains("unique", sameName.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(WireGuardUapi.SocketPathFor(name)));

        var second = nodes.NextName();
        var taken = await Assert.ThrowsAsync<WireGuardException>(() =>
            nodes.Devices.CreateAsync(new WireGuardDeviceSpec(second, pod.Path, "nsm-1", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path }));
        Assert.Contains("nsm-1 already exists", taken.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(WireGuardUapi.SocketPathFor(second)));
        Assert.False(WireGuardNodes.WireGuardGoRuns(second));
        Assert.NotNull(await nl.TryGetLinkAsync("nsm-1"));
    }

    [Fact]
    public async Task A_port_in_use_fails_and_leaves_nothing()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, nl) = await nodes.PodAsync();
        using var busy = await nodes.NodeA.RunInAsync(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Any, 51998));
            return s;
        });
        var name = nodes.NextName();
        var e = await Assert.ThrowsAsync<WireGuardException>(() =>
            nodes.Devices.CreateAsync(new WireGuardDeviceSpec(name, pod.Path, "nsm-1", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path, ListenPort = 51998 }));
        output.WriteLine(e.Message);
        Assert.Contains("set=1 refused", e.Message, StringComparison.Ordinal);
        Assert.Null(await nl.TryGetLinkAsync("nsm-1"));
        Assert.False(WireGuardNodes.WireGuardGoRuns(name));
        Assert.False(File.Exists(WireGuardUapi.SocketPathFor(name)));
    }

    [Fact]
    public async Task A_missing_wireguard_go_fails_clearly_and_leaves_nothing()
    {
        await using var nodes = await WireGuardNodes.CreateAsync(new WireGuardDevicesOptions { WireGuardGoPath = "/nonexistent/wireguard-go" });
        var (pod, nl) = await nodes.PodAsync();
        var name = nodes.NextName();
        var e = await Assert.ThrowsAsync<WireGuardException>(() =>
            nodes.Devices.CreateAsync(new WireGuardDeviceSpec(name, pod.Path, "nsm-1", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path }));
        Assert.Contains("wireguard-go package", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(WireGuardUapi.SocketPathFor(name)));
        Assert.Null(await nl.TryGetLinkAsync("nsm-1"));
    }

    [Fact]
    public async Task Kernel_detection_answers_and_devices_in_the_forwarders_own_namespace_work()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        output.WriteLine($"kernel wireguard: {await nodes.Devices.IsKernelWireGuardAvailableAsync()}");
        var (pod, nl) = await nodes.PodAsync();
        var device = await nodes.CreateAsync(new WireGuardDeviceSpec(nodes.NextName(), pod.Path, "nsm-1", WireGuardKey.Generate()) { Mtu = 1400 });
        Assert.True(device.ListenPort > 0);
        var link = await nl.GetLinkAsync("nsm-1");
        Assert.True(link.IsUp);
        Assert.Equal(1400, link.Mtu);
    }

    [Fact]
    public async Task Setup_time_of_ten_devices()
    {
        await using var nodes = await WireGuardNodes.CreateAsync();
        var (pod, _) = await nodes.PodAsync();
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await nodes.CreateAsync(new WireGuardDeviceSpec(nodes.NextName(), pod.Path, $"nsm-{i}", WireGuardKey.Generate()) { UnderlayNetNs = nodes.NodeA.Path });
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        output.WriteLine($"device setup: median {times[5]:0} ms, max {times[^1]:0} ms");
        Assert.True(times[5] < 2000, $"median setup {times[5]:0} ms");
    }

    private static async Task ExchangeOverTcpAsync(NetNs client, NetNs server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var listener = await server.RunInAsync(() =>
        {
            var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            l.Bind(new IPEndPoint(IPAddress.Parse("172.16.1.101"), 5201));
            l.Listen();
            return l;
        });
        using var socket = await client.RunInAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        var accept = listener.AcceptAsync(timeout.Token);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse("172.16.1.101"), 5201), timeout.Token);
        using var accepted = await accept;
        var data = new byte[40_000];
        Random.Shared.NextBytes(data);
        await socket.SendAsync(data, SocketFlags.None, timeout.Token);
        socket.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        var buffer = new byte[16384];
        int n;
        while ((n = await accepted.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        Assert.Equal(data, received.ToArray());
        await accepted.SendAsync("ok"u8.ToArray(), SocketFlags.None, timeout.Token);
        Assert.Equal(2, await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
    }
}
