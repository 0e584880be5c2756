using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;

namespace Nsm.Sdk.Common.Heal;

/// <summary>Options of a <see cref="HealClient"/>.</summary>
public sealed record HealOptions
{
    /// <summary>
    /// Gets the data-plane probe: <see langword="true"/> when the connection still carries traffic. It gets a token
    /// that fires after <see cref="LivenessCheckTimeout"/>; a timeout or an exception counts as dead. Without a probe,
    /// only the control plane triggers healing, and always by reselect.
    /// </summary>
    public Func<Connection, CancellationToken, ValueTask<bool>>? LivenessCheck { get; init; }

    /// <summary>Gets how often the probe runs (default 200 ms, as upstream).</summary>
    public TimeSpan LivenessCheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets how long one probe may take (default 100 ms, as upstream).</summary>
    public TimeSpan LivenessCheckTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets the wait after the first failed heal attempt (default 50 ms). Later waits double up to
    /// <see cref="MaxRetryDelay"/>. Upstream retries with no wait at all.
    /// </summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets the longest wait between heal attempts (default 1 s).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets how long restores may keep failing with an error the next hop answered (the endpoint or the path behind it is
    /// gone although the data plane still answers, e.g. a dead endpoint whose namespace lives on) before heal reselects
    /// (default 10 s). Failures to reach the next hop itself (nsmgr restarting) never switch: a reselect would not help.
    /// Long enough for a hop further on to come back (a remote nsmgr restarting, whose forwarder registers again), so
    /// that the client keeps its interface; an endpoint that is gone from the registry is reselected at once anyway
    /// (the nsmgr's netsvcmonitor closes its connections).
    /// </summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how to open the monitor stream to the next hop; <see cref="NextHopMonitoring.Grpc"/> when <see langword="null"/>.</summary>
    public MonitorClientFactory? NextHopMonitor { get; init; }
}
