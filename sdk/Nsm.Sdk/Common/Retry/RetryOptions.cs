namespace Nsm.Sdk.Common.Retry;

/// <summary>Options of <see cref="RetryClient"/>.</summary>
public sealed class RetryOptions
{
    /// <summary>Gets or sets the timeout of each try.</summary>
    /// <value>The default is 15 s.</value>
    public TimeSpan TryTimeout { get; set; } = RetryDefaults.TryTimeout;

    /// <summary>Gets or sets the wait between a failed try and the next one.</summary>
    /// <value>The default is 200 ms.</value>
    public TimeSpan Interval { get; set; } = RetryDefaults.Interval;
}

/// <summary>Defaults of <see cref="RetryOptions"/>.</summary>
public static class RetryDefaults
{
    /// <summary>The timeout of each try: 15 s.</summary>
    public static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The wait between tries: 200 ms.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
}
