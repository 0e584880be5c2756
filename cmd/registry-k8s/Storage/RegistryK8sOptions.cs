namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>Settings of the custom-resource storage of the registry.</summary>
internal sealed record RegistryK8sOptions
{
    /// <summary>Gets the mirror's timings.</summary>
    public CustomResourceMirrorOptions Mirror { get; init; } = new();

    /// <summary>Gets how long a Find waits for the first list before it answers Unavailable.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the clock of NSE expiries.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
