using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>
/// Two "nodes" (namespaces joined by a veth, 192.168.231.1 and .2) and a "pod" namespace per node; a kernel WireGuard
/// device per side made by <see cref="WireGuardDevices"/> (PreferKernel) with its UDP socket in the node and its
/// interface <c>nsm-1</c> in the pod, addressed 172.16.1.100 (A) and 172.16.1.101 (B).
/// </summary>
internal sealed class KernelWireGuardPair
{
    public const int PortA = 51820;
    public const int PortB = 51821;

    private KernelWireGuardPair()
    {
    }

    public required NetNs NodeA { get; init; }

    public required NetNs NodeB { get; init; }

    public required NetNs PodA { get; init; }

    public required NetNs PodB { get; init; }

    public required NetlinkHandle PodANetlink { get; init; }

    public required NetlinkHandle PodBNetlink { get; init; }

    public required NetlinkHandle NodeANetlink { get; init; }

    public required NetlinkHandle NodeBNetlink { get; init; }

    public required WireGuardKey KeyA { get; init; }

    public required WireGuardKey KeyB { get; init; }

    public required WireGuardDevices Devices { get; init; }

    public WireGuardDevice? A { get; set; }

    public WireGuardDevice? B { get; set; }

    /// <summary>Makes the namespaces and both devices; <paramref name="peerKeyOfA"/> replaces B's key in A's peer (a wrong key).</summary>
    public static async Task<KernelWireGuardPair> CreateAsync(CheckContext context, WireGuardKey? peerKeyOfA = null)
    {
        var ct = context.CancellationToken;
        var (nodeA, nodeANl) = await context.NewNamespaceAsync();
        var (nodeB, nodeBNl) = await context.NewNamespaceAsync();
        var (podA, podANl) = await context.NewNamespaceAsync();
        var (podB, podBNl) = await context.NewNamespaceAsync();
        await nodeANl.AddLinkAsync(new VethLink("eth0", "eth0") { PeerNamespace = nodeB, Up = true }, ct);
        await nodeANl.AddAddressAsync("eth0", new NetlinkPrefix(IPAddress.Parse("192.168.231.1"), 24), ct);
        await nodeBNl.AddAddressAsync("eth0", new NetlinkPrefix(IPAddress.Parse("192.168.231.2"), 24), ct);
        await nodeBNl.SetLinkUpAsync("eth0", ct);
        var pair = new KernelWireGuardPair
        {
            NodeA = nodeA,
            NodeB = nodeB,
            PodA = podA,
            PodB = podB,
            NodeANetlink = nodeANl,
            NodeBNetlink = nodeBNl,
            PodANetlink = podANl,
            PodBNetlink = podBNl,
            KeyA = WireGuardKey.Generate(),
            KeyB = WireGuardKey.Generate(),
            Devices = new WireGuardDevices(new WireGuardDevicesOptions { PreferKernel = true, EndpointProbeWindow = TimeSpan.FromSeconds(2) }),
        };
        pair.A = await pair.Devices.CreateAsync(Spec(nodeA, podA, pair.KeyA, PortA, peerKeyOfA ?? pair.KeyB.PublicKey, IPAddress.Parse("192.168.231.2"), PortB), ct);
        pair.B = await pair.Devices.CreateAsync(Spec(nodeB, podB, pair.KeyB, PortB, pair.KeyA.PublicKey, endpoint: null, 0), ct);
        await podANl.AddAddressAsync("nsm-1", new NetlinkPrefix(IPAddress.Parse("172.16.1.100"), 31), ct);
        await podBNl.AddAddressAsync("nsm-1", new NetlinkPrefix(IPAddress.Parse("172.16.1.101"), 31), ct);
        return pair;
    }

    /// <summary>Pings <paramref name="address"/> from <paramref name="pod"/> (ip netns exec ... ping).</summary>
    public static async Task<bool> PingAsync(NetNs pod, string address, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", pod.DisplayName, "ping", "-c", "3", "-i", "0.2", "-W", "2", address })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0;
    }

    /// <summary>Sends 256 KiB over TCP from <paramref name="client"/> to a listener in <paramref name="server"/> on <paramref name="address"/>; true when all arrived.</summary>
    public static async Task<bool> TcpAsync(NetNs server, string address, NetNs client, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), 5201);
        using var listener = await server.RunInAsync(
            () =>
            {
                var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                l.Bind(endpoint);
                l.Listen(1);
                return l;
            },
            cancellationToken);
        using var sender = await client.RunInAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), cancellationToken);
        var accept = listener.AcceptAsync(cancellationToken).AsTask();
        await sender.ConnectAsync(endpoint, cancellationToken);
        using var receiver = await accept;
        var data = new byte[256 * 1024];
        Random.Shared.NextBytes(data);
        var send = Task.Run(async () =>
        {
            await sender.SendAsync(data, SocketFlags.None, cancellationToken);
            sender.Shutdown(SocketShutdown.Send);
        }, cancellationToken);
        var received = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = await receiver.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        await send;
        return received.ToArray().AsSpan().SequenceEqual(data);
    }

    /// <summary>Disposes both devices (deletes the interfaces).</summary>
    public async Task DisposeDevicesAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }
    }

    private static WireGuardDeviceSpec Spec(NetNs node, NetNs pod, WireGuardKey key, int port, WireGuardKey peerKey, IPAddress? endpoint, int endpointPort) =>
        new("nsmwg" + Guid.NewGuid().ToString("N")[..8], pod.Path, "nsm-1", key)
        {
            UnderlayNetNs = node.Path,
            ListenPort = port,
            Peer = new WireGuardPeer(peerKey)
            {
                Endpoint = endpoint is null ? null : new IPEndPoint(endpoint, endpointPort),
                AllowedIps = [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")],
            },
        };
}
