using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Genetlink;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// A kernel WireGuard device, configured and read through the <c>wireguard</c> generic netlink family in the namespace
/// the interface is in (opened for each call, so a device never holds its pod's namespace alive).
/// </summary>
internal sealed class KernelControl(string netNs, string interfaceName) : WireGuardControl
{
    public override WireGuardImplementation Implementation => WireGuardImplementation.Kernel;

    public override int ProcessId => 0;

    /// <summary>The netlink settings of a UAPI-style transaction.</summary>
    public static WireGuardNetlinkSettings ToNetlink(string interfaceName, WireGuardSettings settings) => new(interfaceName)
    {
        PrivateKey = settings.PrivateKey?.ToArray(),
        ListenPort = settings.ListenPort is { } port ? (ushort)port : null,
        ReplacePeers = settings.ReplacePeers,
        Peers = settings.Peers.Select(p => new WireGuardNetlinkPeerSettings(p.PublicKey.ToArray())
        {
            Endpoint = p.Endpoint,
            PersistentKeepaliveSeconds = (ushort)p.PersistentKeepalive.TotalSeconds,
            ReplaceAllowedIps = true,
            AllowedIps = p.AllowedIps,
        }).ToArray(),
    };

    /// <summary>The status of a device as GET_DEVICE reports it.</summary>
    public static WireGuardStatus ToStatus(WireGuardNetlinkDevice device) => new()
    {
        PrivateKey = device.PrivateKey is { } key ? WireGuardKey.FromBytes(key.Span) : null,
        PublicKey = device.PublicKey is { } pub ? WireGuardKey.FromBytes(pub.Span) : null,
        ListenPort = device.ListenPort,
        Peers = device.Peers.Select(p => new WireGuardPeerStatus(WireGuardKey.FromBytes(p.PublicKey.Span))
        {
            Endpoint = p.Endpoint,
            LastHandshake = p.LastHandshake,
            RxBytes = p.RxBytes,
            TxBytes = p.TxBytes,
            PersistentKeepalive = p.PersistentKeepalive,
            AllowedIps = p.AllowedIps,
        }).ToArray(),
    };

    public override async Task SetAsync(WireGuardSettings settings, CancellationToken cancellationToken)
    {
        using var wg = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await wg.SetDeviceAsync(ToNetlink(interfaceName, settings), cancellationToken).ConfigureAwait(false);
    }

    public override async Task<WireGuardStatus> GetAsync(CancellationToken cancellationToken)
    {
        using var wg = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ToStatus(await wg.GetDeviceAsync(interfaceName, cancellationToken).ConfigureAwait(false));
    }

    public override async Task SetKeepaliveAsync(WireGuardKey peer, int seconds, CancellationToken cancellationToken)
    {
        using var wg = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await wg.SetDeviceAsync(
            new WireGuardNetlinkSettings(interfaceName) { Peers = [new WireGuardNetlinkPeerSettings(peer.ToArray()) { UpdateOnly = true, PersistentKeepaliveSeconds = (ushort)seconds }] },
            cancellationToken).ConfigureAwait(false);
    }

    public override Task StopAsync(string name, WireGuardDevicesOptions options, ILogger logger) => Task.CompletedTask;

    private async Task<WireGuardNetlink> OpenAsync(CancellationToken cancellationToken)
    {
        using var ns = WireGuardDevices.OpenNamespace(netNs);
        return await WireGuardNetlink.OpenAsync(ns, cancellationToken).ConfigureAwait(false);
    }
}
