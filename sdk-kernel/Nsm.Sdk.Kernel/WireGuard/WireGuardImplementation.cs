namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>Which WireGuard runs a device.</summary>
public enum WireGuardImplementation
{
    /// <summary>Debian's <c>wireguard-go</c>: userspace WireGuard on a TUN device, configured through its UAPI socket.</summary>
    WireGuardGo,

    /// <summary>The Linux kernel's <c>wireguard</c> link kind.</summary>
    Kernel,
}
