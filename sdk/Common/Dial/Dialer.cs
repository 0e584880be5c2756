using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>One connection's gRPC channel to its current next-hop URL.</summary>
internal sealed class Dialer : IDisposable
{
    private readonly Lock _lock = new();
    private GrpcChannel? _channel;
    private bool _disposed;

    /// <summary>Gets the URL of the current channel.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Gets the call invoker of the current channel.</summary>
    public CallInvoker? Invoker { get; private set; }

    /// <summary>Makes sure there is a channel to <paramref name="url"/>, reusing the current one when the URL is unchanged.</summary>
    /// <param name="url">Where to dial.</param>
    /// <param name="configure">Extra channel settings.</param>
    /// <returns>The channel.</returns>
    public GrpcChannel Dial(Uri url, Action<Grpc.Net.Client.GrpcChannelOptions>? configure)
    {
        GrpcChannel? old = null;
        GrpcChannel channel;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_channel is not null && url == Url)
            {
                return _channel;
            }

            old = _channel;
            channel = NsmGrpcChannels.Create(url, configure);
            _channel = channel;
            Url = url;
            Invoker = channel.CreateCallInvoker();
        }

        old?.Dispose();
        return channel;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        GrpcChannel? channel;
        lock (_lock)
        {
            _disposed = true;
            channel = _channel;
            _channel = null;
        }

        channel?.Dispose();
    }
}
