namespace Nsm.Sdk.Kernel.Liveness;

/// <summary>Options of a <see cref="KernelLivenessCheck"/>.</summary>
public sealed record KernelLivenessOptions
{
    /// <summary>
    /// Gets how long one probe waits for an echo reply (default 500 ms). Keep it below the heal element's
    /// liveness timeout, which also has to cover the link and neighbour look-up after a missing reply.
    /// </summary>
    public TimeSpan EchoTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets how many echo requests one probe sends at most, spread over <see cref="EchoTimeout"/> (default 3).</summary>
    public int EchoCount { get; init; } = 3;

    /// <summary>Gets the clock of the waits; the system clock when <see langword="null"/>.</summary>
    public TimeProvider? Clock { get; init; }
}
