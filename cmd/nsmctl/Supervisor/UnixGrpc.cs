using System.Net.Sockets;
using Grpc.Net.Client;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>gRPC channels over unix sockets (the registry and nsmgr of the mesh).</summary>
internal static class UnixGrpc
{
    public static GrpcChannel Channel(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        });
}
