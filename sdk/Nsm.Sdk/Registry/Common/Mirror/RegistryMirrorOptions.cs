
namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>Options of a registry mirror (<see cref="MirrorNseRegistry"/>, <see cref="MirrorNsRegistry"/>).</summary>
public sealed record RegistryMirrorOptions
{
    /// <summary>Gets how long the upstream watch must stay silent before the mirror checks that it holds everything. Default 100 ms.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the pause before the upstream watch is opened again after it ended. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
