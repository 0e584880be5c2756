namespace Nsm.Sdk.Common.OnIdle;

/// <summary>Options of <see cref="OnIdleServer"/>.</summary>
public sealed class OnIdleOptions
{
    /// <summary>Gets or sets how long the endpoint may stay without connections before it expires.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>, which disables the element (it only calls next).</value>
    public TimeSpan Timeout { get; set; }

    /// <summary>Gets or sets the clock of the idle timer.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the chain's lifetime: when it ends first, the timer stops and nothing is notified.</summary>
    /// <value>The default is <see cref="CancellationToken.None"/>.</value>
    public CancellationToken CancellationToken { get; set; }
}
