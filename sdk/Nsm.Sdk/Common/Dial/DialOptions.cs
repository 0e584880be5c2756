using Grpc.Net.Client;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// Options of the <c>dial</c> elements: the network service one (<see cref="DialClient"/>) and the registry ones
/// (<c>Nsm.Sdk.Registry.Common.Dial.DialNseClient</c>, <c>DialNsClient</c>).
/// </summary>
public sealed class DialOptions
{
    /// <summary>The registry dial elements' <see cref="DialTimeout"/> when they are given no options: 300 ms, as upstream's registry clients.</summary>
    public static readonly TimeSpan DefaultRegistryDialTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets or sets how long a dial may wait for the connection to be established.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: do not wait (the channel connects on its first call, like a
    /// non-blocking upstream dial). A positive value makes every dial wait, on the context clock, until the next hop
    /// accepts a connection, and fail with <c>Unavailable</c> when it does not in time. For the network service dial,
    /// either way a next hop that refuses outright (no socket file, nobody listening, TCP refused) fails at once with
    /// <see cref="NextHopUnreachableException"/>. The registry dial bounds TCP dials only (<c>unix://</c> channels
    /// connect lazily on their first call).</value>
    public TimeSpan DialTimeout { get; set; }

    /// <summary>Gets or sets extra channel settings applied to every channel the element creates (ignored when
    /// <see cref="ChannelFactory"/> is set).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Action<GrpcChannelOptions>? ConfigureChannel { get; set; }

    /// <summary>Gets or sets how a URL becomes a channel.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="NsmGrpcChannels.Create(Uri, Action{GrpcChannelOptions})"/>
    /// (plain HTTP/2) with <see cref="ConfigureChannel"/>.</value>
    public Func<Uri, GrpcChannel>? ChannelFactory { get; set; }


    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DialTimeout"/> is negative.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));

    /// <summary>Makes the pool of the element's channels.</summary>
    /// <param name="buildConfigure">The build context's channel settings (transport credentials), applied before
    /// <see cref="ConfigureChannel"/>.</param>
    /// <returns>The pool.</returns>
    internal ChannelPool CreatePool(Action<GrpcChannelOptions>? buildConfigure = null)
    {
        var own = ConfigureChannel;
        Action<GrpcChannelOptions>? configure = buildConfigure is null ? own : own is null ? buildConfigure : o =>
        {
            buildConfigure(o);
            own(o);
        };
        return new ChannelPool(ChannelFactory ?? (url => NsmGrpcChannels.Create(url, configure)));
    }
}
