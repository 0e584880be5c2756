using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>
/// Kestrel's transport for unix sockets, in place of the socket transport: each accepted connection is an
/// <see cref="Core.FdPassing.FdPassingStream"/>, so the descriptors a caller passes (upstream's grpcfd) reach the
/// gRPC call (<see cref="FdReceiverInterceptor"/>). TCP endpoints stay with Kestrel's socket transport.
/// </summary>
internal sealed class FdUnixTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is UnixDomainSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not UnixDomainSocketEndPoint unix)
        {
            throw new NotSupportedException($"{endpoint} is not a unix socket");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(unix);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ValueTask.FromResult<IConnectionListener>(new FdUnixConnectionListener(socket, unix));
    }
}
