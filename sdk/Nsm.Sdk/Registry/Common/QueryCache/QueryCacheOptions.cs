namespace Nsm.Sdk.Registry.Common.QueryCache;

/// <summary>Settings of the registry <c>querycache</c> client element.</summary>
public sealed class QueryCacheOptions
{
    /// <summary>The default <see cref="ExpireTimeout"/>: 1 min, as upstream.</summary>
    public static readonly TimeSpan DefaultExpireTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long an entry nobody asks for stays cached (also the sweep period).</summary>
    /// <value>The default is 1 min.</value>
    public TimeSpan ExpireTimeout { get; set; } = DefaultExpireTimeout;

    /// <summary>Gets or sets the clock.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ExpireTimeout"/> is not positive.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ExpireTimeout, TimeSpan.Zero, nameof(ExpireTimeout));
}
