using Grpc.Net.Client;

namespace Nsm.Sdk.Common.Dial;

/// <summary>Options of <see cref="DialClient"/>.</summary>
public sealed class DialOptions
{
    /// <summary>Gets or sets how long a dial may wait for the connection to be established.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: do not wait (the channel connects on its first call, like a
    /// non-blocking upstream dial). A positive value makes every dial wait, on the context clock, until the next hop
    /// accepts a connection, and fail with <c>Unavailable</c> when it does not in time. Either way a next hop that
    /// refuses outright (no socket file, nobody listening, TCP refused) fails at once with
    /// <see cref="NextHopUnreachableException"/>.</value>
    public TimeSpan DialTimeout { get; set; }

    /// <summary>Gets or sets extra channel settings applied to every channel this element creates.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Action<GrpcChannelOptions>? ConfigureChannel { get; set; }
}
