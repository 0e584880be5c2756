using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>How one device is configured and read: wireguard-go's UAPI socket, or the kernel's generic netlink family.</summary>
internal abstract class WireGuardControl
{
    /// <summary>Gets which WireGuard runs the device.</summary>
    public abstract WireGuardImplementation Implementation { get; }

    /// <summary>Gets the wireguard-go process id, or 0 (kernel, or a wireguard-go of an earlier life of this program).</summary>
    public abstract int ProcessId { get; }

    /// <summary>Applies <paramref name="settings"/>.</summary>
    public abstract Task SetAsync(WireGuardSettings settings, CancellationToken cancellationToken);

    /// <summary>Reads the device's settings and peers.</summary>
    public abstract Task<WireGuardStatus> GetAsync(CancellationToken cancellationToken);

    /// <summary>Changes an existing peer's keepalive interval only (0 turns it off).</summary>
    public abstract Task SetKeepaliveAsync(WireGuardKey peer, int seconds, CancellationToken cancellationToken);

    /// <summary>After the interface was deleted: lets whatever ran the device go (wireguard-go exits, or is killed).</summary>
    public abstract Task StopAsync(string name, WireGuardDevicesOptions options, ILogger logger);
}
