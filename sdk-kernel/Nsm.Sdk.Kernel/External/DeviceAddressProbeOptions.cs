using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.External;

/// <summary>Options of <see cref="DeviceAddressProbe"/>.</summary>
public sealed record DeviceAddressProbeOptions
{
    /// <summary>Gets the device the probes go out on, e.g. <c>eth1</c>. Required.</summary>
    public string Device { get; init; } = string.Empty;

    /// <summary>Gets the namespace of the device, or null for this process's namespace. The caller keeps it open.</summary>
    public NetNs? Namespace { get; init; }

    /// <summary>Gets how many probes are sent per candidate. The default is 3 (RFC 5227's PROBE_NUM).</summary>
    public int ProbeCount { get; init; } = 3;

    /// <summary>
    /// Gets the time between probes, and the wait for answers after the last one. The default is 100 ms: a host on the
    /// same link answers within a millisecond, so three probes give it 300 ms (RFC 5227 waits 1 to 2 s between probes,
    /// for links that lose frames; raise it there).
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the clock. The default is the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ProbeCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProbeInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(Clock);
    }
}
