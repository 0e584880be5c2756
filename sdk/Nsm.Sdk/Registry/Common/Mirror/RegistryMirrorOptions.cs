using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>Options of a registry mirror (<see cref="MirrorNseRegistry"/>, <see cref="MirrorNsRegistry"/>).</summary>
public sealed record RegistryMirrorOptions
{
    /// <summary>Gets the clock (record expiry, quiet periods, retry delays).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Gets the logger for sync and watch events.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Gets how long the upstream watch must stay silent before the mirror checks that it holds everything. Default 100 ms.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the pause before the upstream watch is opened again after it ended. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the token that ends the mirror's upstream watch (the owning component's lifetime).</summary>
    public CancellationToken Lifetime { get; init; }
}
