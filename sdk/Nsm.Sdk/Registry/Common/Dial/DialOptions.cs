using Grpc.Net.Client;

namespace Nsm.Sdk.Registry.Common.Dial;

/// <summary>Settings of the registry <c>dial</c> client element.</summary>
public sealed class DialOptions
{
    /// <summary>The default <see cref="DialTimeout"/>: 300 ms, as upstream's registry clients.</summary>
    public static readonly TimeSpan DefaultDialTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets or sets how long a dial may wait for the connection; <see cref="TimeSpan.Zero"/> means no wait.</summary>
    /// <value>The default is 300 ms.</value>
    /// <remarks>Connections to <c>unix://</c> URLs are made lazily by the first call, so the timeout bounds TCP dials only.</remarks>
    public TimeSpan DialTimeout { get; set; } = DefaultDialTimeout;

    /// <summary>Gets or sets how a URL becomes a channel.</summary>
    /// <value>The default is <see cref="Core.NsmGrpcChannels.Create(Uri, Action{GrpcChannelOptions})"/> (plain HTTP/2).</value>
    public Func<Uri, GrpcChannel> ChannelFactory { get; set; } = static url => Core.NsmGrpcChannels.Create(url);

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DialTimeout"/> is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentNullException.ThrowIfNull(ChannelFactory, nameof(ChannelFactory));
    }
}
