namespace Nsm.Sdk.Registry.Common.Retry;

/// <summary>Settings of the registry <c>retry</c> client element.</summary>
public sealed class RetryOptions
{
    /// <summary>The default <see cref="TryTimeout"/>: 15 s, as upstream.</summary>
    public static readonly TimeSpan DefaultTryTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="Interval"/>: 200 ms, as upstream.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how long one try of Register or Unregister may take (it is also the try's deadline).</summary>
    /// <value>The default is 15 s.</value>
    public TimeSpan TryTimeout { get; set; } = DefaultTryTimeout;

    /// <summary>Gets or sets the pause between a failed try and the next one.</summary>
    /// <value>The default is 200 ms.</value>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TryTimeout, TimeSpan.Zero, nameof(TryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(Interval));
    }
}
