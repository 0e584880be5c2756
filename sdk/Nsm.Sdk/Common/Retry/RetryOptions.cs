namespace Nsm.Sdk.Common.Retry;

/// <summary>
/// Options of the <c>retry</c> elements: the network service one (<see cref="RetryClient"/>) and the registry ones
/// (<c>Nsm.Sdk.Registry.Common.Retry.RetryNseClient</c>, <c>RetryNsClient</c>).
/// </summary>
public sealed class RetryOptions
{
    /// <summary>The default <see cref="TryTimeout"/>: 15 s, as upstream.</summary>
    public static readonly TimeSpan DefaultTryTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="Interval"/>: 200 ms, as upstream.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how long one try may take (it is also the try's deadline).</summary>
    /// <value>The default is 15 s.</value>
    public TimeSpan TryTimeout { get; set; } = DefaultTryTimeout;

    /// <summary>Gets or sets the pause between a failed try and the next one.</summary>
    /// <value>The default is 200 ms.</value>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TryTimeout"/> is not positive or <see cref="Interval"/> is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TryTimeout, TimeSpan.Zero, nameof(TryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(Interval));
    }
}
