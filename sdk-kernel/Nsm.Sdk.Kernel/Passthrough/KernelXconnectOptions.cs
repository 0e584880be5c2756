namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>Options of a <see cref="KernelXconnect"/>.</summary>
public sealed record KernelXconnectOptions
{
    /// <summary>Gets the network namespace of the NSE (a path), or null for this process's own (an NSE's pod).</summary>
    public string? NetNsPath { get; init; }

    /// <summary>
    /// Gets how long the incoming interface may take to appear after the Request returned (default 30 s): the
    /// forwarder of the incoming connection creates it only then.
    /// </summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how often the namespace is looked at while waiting for the incoming interface (default 20 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets the clock of the waits; the system clock when <see langword="null"/>.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">A time is not positive, or the namespace path is not absolute.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(JoinTimeout, TimeSpan.Zero, nameof(JoinTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        if (NetNsPath is not null && !Path.IsPathRooted(NetNsPath))
        {
            throw new ArgumentException($"NetNsPath '{NetNsPath}' must be an absolute path", nameof(NetNsPath));
        }
    }
}
