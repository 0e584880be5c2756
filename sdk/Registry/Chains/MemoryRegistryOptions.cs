using Nsm.Sdk.Registry.Common.Expire;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>Settings of the memory registry server chains (<see cref="MemoryRegistryServer"/>).</summary>
public sealed record MemoryRegistryOptions
{
    /// <summary>Gets how long an NSE registration lives without a refresh.</summary>
    /// <value>The default is 1 min, as upstream's memory registry.</value>
    public TimeSpan DefaultExpiration { get; init; } = ExpireOptions.DefaultDefaultExpiration;

    /// <summary>Gets the clock of the stores and timers.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets the NSE elements that run first, before <c>begin</c>: the slot for <c>grpcmetadata</c>, <c>updatepath</c>
    /// and <c>authorize</c> (upstream order), which replayed expiry events do not pass.
    /// </summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceEndpointRegistryServer> EndpointPreBegin { get; init; } = [];

    /// <summary>Gets the NS elements that run first: the slot for <c>grpcmetadata</c>, <c>updatepath</c> and <c>authorize</c>.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceRegistryServer> ServicePreBegin { get; init; } = [];

    /// <summary>
    /// Gets the registry of the interdomain proxy (<c>NSM_PROXY_REGISTRY_URL</c>). Not used yet: names with <c>@domain</c>
    /// are stored locally like any other.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Uri? ProxyRegistryUrl { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DefaultExpiration"/> is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultExpiration, TimeSpan.Zero, nameof(DefaultExpiration));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
