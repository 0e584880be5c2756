namespace Nsm.Sdk.Registry.Memory;

/// <summary>Settings shared by <see cref="NetworkServiceStore"/> and <see cref="NetworkServiceEndpointStore"/>.</summary>
public sealed class RegistryStoreOptions
{
    /// <summary>The default <see cref="WatchCapacity"/>.</summary>
    public const int DefaultWatchCapacity = 1024;

    /// <summary>
    /// How many events may wait for one watcher. A watcher that falls further behind is ended with
    /// <see cref="RegistryWatchOverflowException"/> instead of stalling the store or the other watchers.
    /// The initial snapshot does not count against this limit.
    /// </summary>
    public int WatchCapacity { get; init; } = DefaultWatchCapacity;

    /// <summary>The clock for registration times and expiry timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
