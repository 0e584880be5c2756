using System.Net.Sockets;
using Grpc.Net.Client;

namespace Nsm.Sdk.Core;

/// <summary>Creates gRPC channels to <c>unix://</c> and <c>tcp://</c> URLs (plain HTTP/2, as upstream's sandbox).</summary>
public static class NsmGrpcChannels
{
    /// <summary>Creates a channel.</summary>
    /// <param name="url">Where to dial.</param>
    /// <param name="configure">Optional changes to the channel options.</param>
    /// <returns>The channel; dispose it when done.</returns>
    public static GrpcChannel Create(Uri url, Action<GrpcChannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        string address;
        if (NsmUrl.IsUnix(url))
        {
            var endpoint = new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url));
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            address = "http://localhost";
        }
        else
        {
            address = $"http://{url.Authority}";
        }

        // grpc-go's default receive limit, explicit: a larger answer fails RESOURCE_EXHAUSTED instead of being buffered.
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxReceiveMessageSize = 4 * 1024 * 1024 };
        configure?.Invoke(options);
        return GrpcChannel.ForAddress(address, options);
    }
}
