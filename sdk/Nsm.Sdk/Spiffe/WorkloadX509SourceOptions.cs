namespace Nsm.Sdk.Spiffe;

/// <summary>Options of <see cref="WorkloadX509Source"/>.</summary>
public sealed record WorkloadX509SourceOptions
{
    /// <summary>Gets the Workload API address (<see cref="WorkloadApiAddress.Parse"/>).</summary>
    public required Uri Address { get; init; }

    /// <summary>Gets the first wait before reconnecting after the stream broke.</summary>
    /// <value>The default is 1 second; each failure in a row doubles it up to <see cref="MaxBackoff"/>.</value>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait between reconnects.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address, nameof(Address));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
    }
}
