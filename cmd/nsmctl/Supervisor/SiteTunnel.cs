using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Site;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The guide's <c>nsm-config</c> tunnel between this cluster and another: the SDK's site tunnel (<c>wgs&lt;id6&gt;</c>,
/// <see cref="Nsm.Sdk.Kernel.Site.SiteTunnel"/>) in the node with a site address, with the ConfigMap's private
/// key, listening on the peer endpoint's port (both sides use the same one), its one peer the ConfigMap's public key at
/// its endpoint, allowed everything. That node forwards and routes everything off the node network into the tunnel;
/// the other nodes route it to that node. So whatever a node sends to the other cluster (registry look-ups, the
/// forwarders' VXLAN or WireGuard) crosses the site network inside the tunnel. Applied again when the ConfigMap changes;
/// removed when it goes, at down, or when its tunnel section does.
/// </summary>
internal sealed class SiteTunnel(string id, TimeProvider time, Action<string> log) : IAsyncDisposable
{
    private Nsm.Sdk.Kernel.Site.SiteTunnel? _tunnel;
    private IReadOnlyList<Node> _routed = [];
    private NsmConfig.Settings? _applied;

    /// <summary>Gets what the tunnel is doing, as describe shows it.</summary>
    public string State { get; private set; } = "none";

    public string DeviceName => "wgs" + id[^6..];

    /// <summary>Makes the tunnel match <paramref name="settings"/> (null: no tunnel); returns a warning line, or null.</summary>
    public async Task<string?> ApplyAsync(IReadOnlyList<Node> nodes, NsmConfig.Settings? settings, CancellationToken ct)
    {
        if (settings == _applied && _tunnel is not null)
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

        // The gateway node's default route goes into the tunnel (below), which covers the registry too.
        _tunnel = new Nsm.Sdk.Kernel.Site.SiteTunnel(new SiteTunnelOptions { DeviceName = DeviceName, NetNsPath = NetworkNamespaces.PathOf(netns), RouteRegistry = false, Clock = time });
        if (await _tunnel.ApplyAsync(new SiteTunnelSettings(privateKey, peerKey, endpoint), ct) is { } problem)
        {
            await RemoveAsync();
            State = problem;
            return $"configmap {ControlPlane.Namespace}/{NsmConfig.Name}: the WireGuard tunnel to {endpoint} {State}";
        }

        try
        {
            await IpAsync(ct, "netns", "exec", netns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            await IpAsync(ct, "-n", netns, "route", "replace", "default", "dev", DeviceName);
            foreach (var node in nodes.Where(n => n != gateway && n.NetworkNamespace is not null))
            {
                await IpAsync(ct, "-n", node.NetworkNamespace!, "route", "replace", "default", "via", gateway.Address!.ToString());
            }
        }
        catch (InvalidOperationException e)
        {
            await RemoveAsync();
            State = "failed: " + e.Message;
            return $"configmap {ControlPlane.Namespace}/{NsmConfig.Name}: the WireGuard tunnel to {endpoint} {State}";
        }

        _routed = nodes;
        _applied = settings;
        State = $"{_tunnel.State} on {gateway.Name} ({gateway.Site}); the other nodes route through {gateway.Name}";
        log($"site tunnel {State}");
        return null;
    }

    /// <summary>The state with the peer's latest handshake and traffic, read from the device now.</summary>
    public async Task<string> DescribeAsync(CancellationToken ct) =>
        _tunnel is null ? State : State + (await _tunnel.DescribeAsync(ct))[_tunnel.State.Length..];

    public async ValueTask DisposeAsync() => await RemoveAsync();

    private async Task RemoveAsync()
    {
        foreach (var node in _routed.Where(n => n.NetworkNamespace is not null))
        {
            await HostTool.RunAsync("ip", ["-n", node.NetworkNamespace!, "route", "del", "default"]);
        }

        _routed = [];
        if (_tunnel is { } tunnel)
        {
            _tunnel = null;
            await tunnel.DisposeAsync();
            log($"site tunnel {DeviceName} removed");
        }

        _applied = null;
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
