using System.Buffers.Binary;
using System.Net.Sockets;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>The process at the other end of a unix socket, as the kernel reports it (<c>SO_PEERCRED</c>).</summary>
/// <param name="Pid">The peer's process id (in the socket owner's pid namespace).</param>
/// <param name="Uid">The peer's user id.</param>
/// <param name="Gid">The peer's group id.</param>
public sealed record UnixPeerCredentials(int Pid, int Uid, int Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads the peer credentials of a connected unix socket.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="credentials">The credentials when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when the socket is not a unix socket or the kernel refused.</returns>
    public static bool TryGet(Socket socket, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UnixPeerCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(socket);
        credentials = null;
        if (socket.AddressFamily != AddressFamily.Unix || !OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != ucred.Length)
            {
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        credentials = new UnixPeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(ucred[8..]));
        return credentials.Pid > 0;
    }
}
