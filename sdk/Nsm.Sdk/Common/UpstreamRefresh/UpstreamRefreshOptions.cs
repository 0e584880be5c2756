using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Monitor;

namespace Nsm.Sdk.Common.UpstreamRefresh;

/// <summary>Options of an <see cref="UpstreamRefreshClient"/>.</summary>
public sealed record UpstreamRefreshOptions
{
    /// <summary>
    /// Gets a value indicating whether a refresh asked by a next hop also refreshes every other connection of this
    /// client (upstream's <c>WithLocalNotifications</c>); elements can trigger the same through
    /// <see cref="UpstreamRefreshMetadata.LocalNotifier"/>.
    /// </summary>
    public bool LocalNotifications { get; init; }

    /// <summary>Gets how to open the monitor stream to the next hop; <see cref="NextHopMonitoring.Grpc"/> when <see langword="null"/>.</summary>
    public MonitorClientFactory? NextHopMonitor { get; init; }
}
