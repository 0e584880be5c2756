namespace Nsm.Sdk.Common.OnIdle;

/// <summary>Options of <see cref="OnIdleServer"/>.</summary>
public sealed class OnIdleOptions
{
    /// <summary>Gets or sets how long the endpoint may stay without connections before it expires.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>, which disables the element (it only calls next).</value>
    public TimeSpan Timeout { get; set; }
}
