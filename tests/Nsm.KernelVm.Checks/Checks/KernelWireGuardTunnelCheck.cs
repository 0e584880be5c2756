using System.Net;
using Nsm.Sdk.Kernel.Genetlink;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>
/// Kernel WireGuard through <see cref="WireGuardDevices"/>: a device per side (link kind <c>wireguard</c>, reported
/// as <see cref="WireGuardImplementation.Kernel"/>), a handshake, ping and TCP through the tunnel both ways, and
/// <c>WG_CMD_GET_DEVICE</c> reading back keys, port, peer, allowed IPs and the handshake time; disposing leaves no link.
/// </summary>
internal sealed class KernelWireGuardTunnelCheck : KernelCheck
{
    public override string Name => "wireguard-kernel-tunnel";

    public override async Task RunAsync(CheckContext context)
    {
        var ct = context.CancellationToken;
        var pair = await KernelWireGuardPair.CreateAsync(context);
        try
        {
            var (a, b) = (pair.A!, pair.B!);
            Expect.Equal(WireGuardImplementation.Kernel, a.Implementation, "implementation of A");
            Expect.Equal(WireGuardImplementation.Kernel, b.Implementation, "implementation of B");
            var link = await pair.PodANetlink.GetLinkAsync("nsm-1", ct);
            Expect.Equal("wireguard", link.Kind, "kind of nsm-1 in pod A");
            Expect.Equal(1420, link.Mtu, "MTU of nsm-1 in pod A");
            Expect.Equal(a.TargetIndex, link.Index, "index of nsm-1 in pod A");
            Expect.True(await pair.NodeANetlink.TryGetLinkAsync(a.Name, ct) is null, "the device is still in node A");
            Expect.Equal(KernelWireGuardPair.PortA, a.ListenPort, "port of A");

            var handshake = await a.WaitForHandshakeAsync(TimeSpan.FromSeconds(5), ct);
            Expect.True(handshake.Completed, "no handshake: " + handshake.Message);
            Expect.True(await KernelWireGuardPair.PingAsync(pair.PodA, "172.16.1.101", ct), "ping A -> B through the tunnel failed");
            Expect.True(await KernelWireGuardPair.PingAsync(pair.PodB, "172.16.1.100", ct), "ping B -> A through the tunnel failed");
            Expect.True(await KernelWireGuardPair.TcpAsync(pair.PodB, "172.16.1.101", pair.PodA, ct), "TCP A -> B through the tunnel lost data");
            Expect.True(await KernelWireGuardPair.TcpAsync(pair.PodA, "172.16.1.100", pair.PodB, ct), "TCP B -> A through the tunnel lost data");

            // Read back through generic netlink in pod A's namespace, where the interface is.
            using (var wg = await WireGuardNetlink.OpenAsync(pair.PodA, ct))
            {
                var device = await wg.GetDeviceAsync("nsm-1", ct);
                Expect.Equal(link.Index, device.InterfaceIndex, "GET_DEVICE ifindex");
                Expect.True(device.PrivateKey!.Value.Span.SequenceEqual(pair.KeyA.ToArray()), "GET_DEVICE private key");
                Expect.True(device.PublicKey!.Value.Span.SequenceEqual(pair.KeyA.PublicKey.ToArray()), "GET_DEVICE public key");
                Expect.Equal(KernelWireGuardPair.PortA, device.ListenPort, "GET_DEVICE listen port");
                Expect.Equal(1, device.Peers.Count, "GET_DEVICE peers");
                var peer = device.Peers[0];
                Expect.True(peer.PublicKey.Span.SequenceEqual(pair.KeyB.PublicKey.ToArray()), "GET_DEVICE peer key");
                Expect.Equal(IPEndPoint.Parse("192.168.231.2:" + KernelWireGuardPair.PortB), peer.Endpoint, "GET_DEVICE peer endpoint");
                Expect.Equal("0.0.0.0/0,::/0", string.Join(',', peer.AllowedIps), "GET_DEVICE allowed IPs");
                Expect.True(peer.LastHandshake is { } t && Math.Abs((DateTimeOffset.UtcNow - t).TotalSeconds) < 60, $"GET_DEVICE last handshake {peer.LastHandshake}");
                Expect.True(peer.RxBytes > 200_000 && peer.TxBytes > 200_000, $"GET_DEVICE bytes rx {peer.RxBytes} tx {peer.TxBytes}");
                Expect.Equal(1, peer.ProtocolVersion, "GET_DEVICE protocol version");
            }

            // B learned A's endpoint from the handshake.
            var statusB = await b.GetStatusAsync(ct);
            Expect.Equal(IPEndPoint.Parse("192.168.231.1:" + KernelWireGuardPair.PortA), statusB.Peers[0].Endpoint, "B's view of A's endpoint");
        }
        finally
        {
            await pair.DisposeDevicesAsync();
        }

        Expect.True(await pair.PodANetlink.TryGetLinkAsync("nsm-1", ct) is null, "nsm-1 is left in pod A");
        Expect.True(await pair.PodBNetlink.TryGetLinkAsync("nsm-1", ct) is null, "nsm-1 is left in pod B");
        Expect.True((await pair.NodeANetlink.ListLinksAsync(ct)).All(l => l.Kind != "wireguard"), "a wireguard link is left in node A");
    }
}
