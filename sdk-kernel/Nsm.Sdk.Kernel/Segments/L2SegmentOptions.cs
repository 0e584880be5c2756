using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Sdk.Kernel.Segments;

/// <summary>Options of an <see cref="L2SegmentServer"/>: where the segments' bridges are, and the optional VLAN uplink.</summary>
public sealed record L2SegmentOptions
{
    /// <summary>Gets the network namespace of the NSE (a path), or null for this process's own (an NSE's pod).</summary>
    public string? NetNsPath { get; init; }

    /// <summary>Gets the services whose segments exist from <see cref="L2SegmentServer.StartAsync"/> on (others are made at their first client).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>
    /// Gets the 802.1Q VLAN the segment leaves the NSE on through <see cref="UplinkName"/> (<c>NSM_VLAN_ID</c>), or
    /// null for a segment of the mesh's clients only. With a VLAN, <see cref="Services"/> names exactly one service.
    /// </summary>
    public int? VlanId { get; init; }

    /// <summary>Gets the uplink (trunk) interface in the NSE's namespace (<c>NSM_DEVICE_NAME</c>, default <c>eth0</c>).</summary>
    public string UplinkName { get; init; } = "eth0";

    /// <summary>Gets how the uplink carries the VLAN (default: probe the node, a vlan link where there is 8021q, else BPF).</summary>
    public VlanUplinkMode UplinkMode { get; init; } = VlanUplinkMode.Auto;

    /// <summary>Gets how often the namespace is looked at for the uplink appearing or going (default 500 ms).</summary>
    public TimeSpan UplinkPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets how long a client's interface may take to appear after its Request returned (default 30 s): its
    /// forwarder creates it only then.
    /// </summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how often the namespace is looked at while waiting for a client's interface (default 20 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets the clock of the waits; the system clock when <see langword="null"/>.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">A time is not positive, the VLAN id is outside 1..4094, a VLAN has not exactly one service, or a name is malformed.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Services, nameof(Services));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(JoinTimeout, TimeSpan.Zero, nameof(JoinTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(UplinkPollInterval, TimeSpan.Zero, nameof(UplinkPollInterval));
        if (Services.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a service name is empty", nameof(Services));
        }

        if (NetNsPath is not null && !Path.IsPathRooted(NetNsPath))
        {
            throw new ArgumentException($"NetNsPath '{NetNsPath}' must be an absolute path", nameof(NetNsPath));
        }

        if (VlanId is not { } vlan)
        {
            return;
        }

        if (vlan is < 1 or > 4094)
        {
            throw new ArgumentOutOfRangeException(nameof(VlanId), vlan, "a VLAN id is 1..4094");
        }

        if (Services.Count != 1)
        {
            throw new ArgumentException($"one VLAN carries one segment: name exactly one service (got {Services.Count})", nameof(Services));
        }

        if (string.IsNullOrEmpty(UplinkName) || UplinkName.Length > 15 || UplinkName.Any(c => c is '/' or ' ' or ':'))
        {
            throw new ArgumentException($"'{UplinkName}' is not an interface name", nameof(UplinkName));
        }

        if (!Enum.IsDefined(UplinkMode))
        {
            throw new ArgumentOutOfRangeException(nameof(UplinkMode), UplinkMode, "not a VLAN uplink mode");
        }
    }
}
