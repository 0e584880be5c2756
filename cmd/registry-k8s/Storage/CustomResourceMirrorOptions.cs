namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>Timings of a <see cref="CustomResourceMirror{T}"/>.</summary>
internal sealed record CustomResourceMirrorOptions
{
    /// <summary>Gets the server-side timeout of one watch (then it is opened again from the last version).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the pause after a failed list or watch.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the clock of pauses and expiries.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
