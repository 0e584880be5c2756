namespace Nsm.Sdk.Vpp.Bridge;

/// <summary>The L2 segments' uplink (the guide's <c>NSM_DEVICE_NAME</c> and <c>NSM_VLAN_ID</c>).</summary>
public sealed record VppBridgeOptions
{
    /// <summary>Gets the host interface the segment leaves through (VPP attaches to it with af_packet), or null for none.</summary>
    public string? UplinkName { get; init; }

    /// <summary>Gets the 802.1Q tag the segment carries on the uplink (1..4094), or null for untagged.</summary>
    public ushort? VlanId { get; init; }

    /// <summary>
    /// Gets how the segments learn that the uplink is there (VPP can take it only then); null: a link of that name in
    /// this process's network namespace (VPP's). Until it is, the clients share the segment without it.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<bool>>? UplinkExists { get; init; }

    /// <summary>Gets how often a missing uplink is looked for.</summary>
    /// <value>The default is 500 ms.</value>
    public TimeSpan UplinkPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the clock of the uplink polls.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (VlanId is { } id)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(id, (ushort)1, nameof(VlanId));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(id, (ushort)4094, nameof(VlanId));
            ArgumentException.ThrowIfNullOrWhiteSpace(UplinkName, nameof(UplinkName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(UplinkPollInterval, TimeSpan.Zero, nameof(UplinkPollInterval));
        ArgumentNullException.ThrowIfNull(Clock);
    }
}
