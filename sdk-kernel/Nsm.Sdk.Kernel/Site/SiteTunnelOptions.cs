using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Site;

/// <summary>Where and how <see cref="SiteTunnel"/> runs the tunnel of the guide's <c>nsm-config</c>.</summary>
public sealed record SiteTunnelOptions
{
    /// <summary>Gets the WireGuard interface's name (default <c>nsm-site</c>; unique on the machine, as every WireGuard device's).</summary>
    public string DeviceName { get; init; } = "nsm-site";

    /// <summary>Gets the namespace the tunnel lives in (a path such as <c>/run/netns/NAME</c>), or null for this process's own.</summary>
    public string? NetNsPath { get; init; }

    /// <summary>Gets the peer keepalive (default 25 s): the tunnel comes up as soon as both sides are configured, not at the first packet.</summary>
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Gets whether the host of <c>registry.url</c> is routed into the tunnel too (default true).</summary>
    public bool RouteRegistry { get; init; } = true;

    /// <summary>Gets how the WireGuard device is made (kernel or wireguard-go); defaults when null.</summary>
    public WireGuardDevicesOptions? Devices { get; init; }

    /// <summary>Gets the clock; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">The device name or the keepalive is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(DeviceName) || DeviceName.Length > 15 || DeviceName.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"'{DeviceName}' is not an interface name (1-15 characters, no '/', ':' or spaces)", nameof(DeviceName));
        }

        if (Keepalive < TimeSpan.Zero || Keepalive > TimeSpan.FromSeconds(65535))
        {
            throw new ArgumentException($"Keepalive {Keepalive} is out of range (0-65535 s)", nameof(Keepalive));
        }

        Devices?.Validate();
    }
}
