namespace Nsm.Sdk.Hosting;

/// <summary>
/// Per-peer limits of a host's gRPC server: how many unary calls (Request, Close, Register, Unregister) one peer may
/// have in flight at once; one more is answered RESOURCE_EXHAUSTED at once, so one client flooding a node cannot take
/// it from the others. A peer is the calling process on a unix socket (its pid and uid from the socket's peer
/// credentials) and the remote address on TCP. Streams (MonitorConnections, Find) are not counted.
/// </summary>
public sealed record NsmPeerLimits
{
    /// <summary>The environment variable of <see cref="MaxConcurrentRequestsPerPeer"/> (read by every program).</summary>
    public const string MaxRequestsPerPeerVariable = "NSM_MAX_REQUESTS_PER_PEER";

    /// <summary>Gets how many unary calls one peer may have in flight; 0 turns the limit off.</summary>
    /// <value>The default is 200: far above what one client or one nsmgr needs, far below what exhausts a node.</value>
    public int MaxConcurrentRequestsPerPeer { get; init; } = 200;

    /// <summary>The limits from <c>NSM_MAX_REQUESTS_PER_PEER</c> (the default when unset).</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The limits.</returns>
    /// <exception cref="NsmConfigurationException">The value is not a whole number.</exception>
    public static NsmPeerLimits FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var limits = new NsmPeerLimits();
        return limits with { MaxConcurrentRequestsPerPeer = (int)Math.Min(env.GetUInt(MaxRequestsPerPeerVariable, (uint)limits.MaxConcurrentRequestsPerPeer), int.MaxValue) };
    }
}
