namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>How <see cref="WireGuardDevices"/> creates devices.</summary>
public sealed record WireGuardDevicesOptions
{
    /// <summary>Gets the wireguard-go program: a path, or a name looked up in <c>PATH</c> (default <c>wireguard-go</c>).</summary>
    public string WireGuardGoPath { get; init; } = "wireguard-go";

    /// <summary>
    /// Gets whether the kernel's wireguard is used when the node has it (default true): devices are then links of
    /// kind <c>wireguard</c> configured through generic netlink. False, or a kernel without the module, gives wireguard-go.
    /// </summary>
    public bool PreferKernel { get; init; } = true;

    /// <summary>
    /// Gets whether wireguard-go is started detached from this program, so that it outlives it (default true): its own
    /// session, input from /dev/null, output to <c>/var/run/wireguard/NAME.log</c>. Needs <c>/bin/sh</c>; without it
    /// (distroless images) wireguard-go is started directly with its output read through pipes.
    /// </summary>
    public bool DetachWireGuardGo { get; init; } = true;

    /// <summary>Gets how long wireguard-go may take to create its interface and UAPI socket (default 5 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long one UAPI call may take (default 2 s).</summary>
    public TimeSpan UapiTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how long wireguard-go may take to exit once its interface is deleted before it is killed (default 2 s).</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how often a handshake wait asks the device (default 100 ms).</summary>
    public TimeSpan HandshakePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets how long the diagnosis of a missing handshake probes the peer's endpoint (default 4 s: enough for a
    /// failed ARP resolution, 3 s, to come back as "host unreachable").
    /// </summary>
    public TimeSpan EndpointProbeWindow { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Gets the clock of every wait; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">The program path is empty or a time is not positive.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(WireGuardGoPath))
        {
            throw new ArgumentException("WireGuardGoPath is empty", nameof(WireGuardGoPath));
        }

        foreach (var (value, name) in new[]
        {
            (StartTimeout, nameof(StartTimeout)), (UapiTimeout, nameof(UapiTimeout)), (StopTimeout, nameof(StopTimeout)),
            (HandshakePollInterval, nameof(HandshakePollInterval)), (EndpointProbeWindow, nameof(EndpointProbeWindow)),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must be positive, not {value}", name);
            }
        }
    }
}
