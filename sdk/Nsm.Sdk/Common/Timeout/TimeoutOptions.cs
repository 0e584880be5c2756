namespace Nsm.Sdk.Common.Timeout;

/// <summary>Options of <see cref="TimeoutServer"/>.</summary>
public sealed class TimeoutOptions
{
    /// <summary>Gets or sets the chain's lifetime: when it is cancelled every pending expiry timer stops.</summary>
    /// <value>The default is <see cref="CancellationToken.None"/>.</value>
    public CancellationToken CancellationToken { get; set; }
}
