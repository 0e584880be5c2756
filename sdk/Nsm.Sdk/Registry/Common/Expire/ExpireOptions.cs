namespace Nsm.Sdk.Registry.Common.Expire;

/// <summary>Settings of the registry <c>expire</c> server element.</summary>
public sealed class ExpireOptions
{
    /// <summary>The default <see cref="DefaultExpiration"/>: 1 min, as nsmgr and the registries upstream.</summary>
    public static readonly TimeSpan DefaultDefaultExpiration = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a registration lives without a refresh; <see cref="TimeSpan.Zero"/> means no default (token expiries only).</summary>
    /// <value>The default is 1 min.</value>
    public TimeSpan DefaultExpiration { get; set; } = DefaultDefaultExpiration;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DefaultExpiration"/> is negative.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(DefaultExpiration, TimeSpan.Zero, nameof(DefaultExpiration));
}
