using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Nsm.Sdk.Hosting;

/// <summary>Who is calling, for per-peer limits: <c>unix:pid/uid</c> from SO_PEERCRED, <c>tcp:address</c>, else the connection.</summary>
internal static class PeerIdentity
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static string Of(HttpContext http)
    {
        // Our unix transport (grpcfd) read the peer's credentials when it accepted the connection.
        if (http.Features.Get<FdPassing.IFdReceiverFeature>()?.Receiver.Peer is { } peer)
        {
            return string.Create(CultureInfo.InvariantCulture, $"unix:{peer.Pid}/{peer.Uid}");
        }

        if (http.Features.Get<IConnectionSocketFeature>()?.Socket is { AddressFamily: AddressFamily.Unix } socket && OperatingSystem.IsLinux())
        {
            Span<byte> cred = stackalloc byte[12];
            try
            {
                if (socket.GetRawSocketOption(SolSocket, SoPeerCred, cred) == 12)
                {
                    var pid = BinaryPrimitives.ReadInt32LittleEndian(cred);
                    var uid = BinaryPrimitives.ReadUInt32LittleEndian(cred[4..]);
                    return string.Create(CultureInfo.InvariantCulture, $"unix:{pid}/{uid}");
                }
            }
            catch (SocketException)
            {
                // Fall through to the connection.
            }
        }

        return http.Connection.RemoteIpAddress is { } address ? "tcp:" + address : "conn:" + http.Connection.Id;
    }
}
