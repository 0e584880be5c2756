using System.Net;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The guide's <c>nsm-config</c> tunnel between this cluster and another: a WireGuard device (<c>wgs&lt;id6&gt;</c>,
/// wireguard-go through <see cref="WireGuardDevices"/>) in the node with a site address, with the ConfigMap's private
/// key, listening on the peer endpoint's port (both sides use the same one), its one peer the ConfigMap's public key at
/// its endpoint, allowed everything. That node forwards and routes everything off the node network into the tunnel;
/// the other nodes route it to that node. So whatever a node sends to the other cluster (registry look-ups, the
/// forwarders' VXLAN or WireGuard) crosses the site network inside the tunnel. Applied again when the ConfigMap changes;
/// removed when it goes, at down, or when its tunnel section does.
/// </summary>
internal sealed class SiteTunnel(string id, Action<string> log) : IAsyncDisposable
{
    /// <summary>The peer keepalive: the tunnel comes up as soon as both sides are configured, not at the first packet.</summary>
    private static readonly TimeSpan Keepalive = TimeSpan.FromSeconds(25);

    private readonly WireGuardDevices _devices = new();
    private WireGuardDevice? _device;
    private IReadOnlyList<Node> _routed = [];
    private NsmConfig.Settings? _applied;

    /// <summary>Gets what the tunnel is doing, as describe shows it.</summary>
    public string State { get; private set; } = "none";

    public string DeviceName => "wgs" + id[^6..];

    /// <summary>Makes the tunnel match <paramref name="settings"/> (null: no tunnel); returns a warning line, or null.</summary>
    public async Task<string?> ApplyAsync(IReadOnlyList<Node> nodes, NsmConfig.Settings? settings, CancellationToken ct)
    {
        if (settings == _applied && _device is not null)
        {
            return null;
        }

        await RemoveAsync();
        if (settings is not { TunnelType: "wireguard", PrivateKey: { } privateKey, PeerPublicKey: { } peerKey, PeerEndpoint: { } endpoint })
        {
            State = "none";
            return null;
        }

        if (nodes.FirstOrDefault(n => n.Site is not null) is not { NetworkNamespace: { } netns } gateway)
        {
            State = "not running: this mesh has no site network (nsmctl up --nodes N --site-address ADDRESS/PREFIX)";
            return $"configmap {ControlPlane.Namespace}/{NsmConfig.Name}: the WireGuard tunnel to {endpoint} is {State}";
        }

        try
        {
            var peer = await ResolveAsync(endpoint, ct);
            var path = NetworkNamespaces.PathOf(netns);
            _device = await _devices.CreateAsync(
                new WireGuardDeviceSpec(DeviceName, path, DeviceName, WireGuardKey.FromBytes(Convert.FromBase64String(privateKey)))
                {
                    UnderlayNetNs = path,
                    ListenPort = peer.Port,
                    Peer = new WireGuardPeer(WireGuardKey.FromBytes(Convert.FromBase64String(peerKey)))
                    {
                        Endpoint = peer,
                        AllowedIps = [new IPNetwork(IPAddress.Any, 0)],
                        PersistentKeepalive = Keepalive,
                    },
                },
                ct);
            await IpAsync(ct, "netns", "exec", netns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            await IpAsync(ct, "-n", netns, "route", "replace", "default", "dev", DeviceName);
            foreach (var node in nodes.Where(n => n != gateway && n.NetworkNamespace is not null))
            {
                await IpAsync(ct, "-n", node.NetworkNamespace!, "route", "replace", "default", "via", gateway.Address!.ToString());
            }

            _routed = nodes;
            _applied = settings;
            State = $"up: {DeviceName} on {gateway.Name} ({gateway.Site}, port {peer.Port}) to {peer}; the other nodes route through {gateway.Name}";
            log($"site tunnel {State}");
            return null;
        }
        catch (Exception e) when (e is WireGuardException or InvalidOperationException or FormatException or ArgumentException or System.Net.Sockets.SocketException)
        {
            await RemoveAsync();
            State = "failed: " + e.Message;
            return $"configmap {ControlPlane.Namespace}/{NsmConfig.Name}: the WireGuard tunnel to {endpoint} {State}";
        }
    }

    /// <summary>The state with the peer's latest handshake and traffic, read from the device now.</summary>
    public async Task<string> DescribeAsync(TimeProvider time, CancellationToken ct)
    {
        if (_device is not { } device)
        {
            return State;
        }

        try
        {
            var peers = (await device.GetStatusAsync(ct)).Peers;
            var peer = peers.Count > 0 ? peers[0] : null;
            var handshake = peer?.LastHandshake is { } at
                ? $"latest handshake {(int)(time.GetUtcNow() - at).TotalSeconds}s ago, {peer.RxBytes} bytes in, {peer.TxBytes} out"
                : "no handshake yet (is the other cluster's tunnel up, with this side's public key?)";
            return $"{State}; {handshake}";
        }
        catch (WireGuardException e)
        {
            return $"{State}; status unavailable: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync() => await RemoveAsync();

    private async Task RemoveAsync()
    {
        foreach (var node in _routed.Where(n => n.NetworkNamespace is not null))
        {
            await HostTool.RunAsync("ip", ["-n", node.NetworkNamespace!, "route", "del", "default"]);
        }

        _routed = [];
        if (_device is { } device)
        {
            _device = null;
            await device.DisposeAsync();
            log($"site tunnel {DeviceName} removed");
        }

        _applied = null;
    }

    private static async Task<IPEndPoint> ResolveAsync(string endpoint, CancellationToken ct)
    {
        var cut = endpoint.LastIndexOf(':');
        var host = endpoint[..cut].Trim('[', ']');
        var port = int.Parse(endpoint[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var address = IPAddress.TryParse(host, out var ip) ? ip : (await Dns.GetHostAddressesAsync(host, System.Net.Sockets.AddressFamily.InterNetwork, ct))[0];
        return new IPEndPoint(address, port);
    }

    private static async Task IpAsync(CancellationToken ct, params string[] args)
    {
        var (code, output) = await HostTool.RunAsync("ip", args, ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {output.Trim()}");
        }
    }
}
