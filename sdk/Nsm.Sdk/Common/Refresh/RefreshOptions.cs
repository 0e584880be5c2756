namespace Nsm.Sdk.Common.Refresh;

/// <summary>Options of <see cref="RefreshClient"/>.</summary>
public sealed class RefreshOptions
{
    /// <summary>Gets or sets how long to wait before retrying a failed refresh.</summary>
    /// <value>The default is 200 ms.</value>
    public TimeSpan RetryInterval { get; set; } = RefreshDefaults.RetryInterval;
}

/// <summary>Defaults of <see cref="RefreshOptions"/>.</summary>
public static class RefreshDefaults
{
    /// <summary>The retry interval after a failed refresh: 200 ms.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The smallest delay (one tick; upstream waits 1 ns) used when a segment has no or a past expiry.</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromTicks(1);
}
