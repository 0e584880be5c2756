using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Liveness;

/// <summary>Opens ICMP echo sockets in the calling thread's network namespace.</summary>
public static class IcmpSocket
{
    /// <summary>
    /// Opens an ICMP (or ICMPv6) socket for echo: an unprivileged "ping" datagram socket when the group is inside
    /// <c>net.ipv4.ping_group_range</c> (the kernel then filters replies to this socket), else a raw socket
    /// (needs CAP_NET_RAW). The socket stays bound to the namespace it was opened in.
    /// </summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    /// <returns>The socket.</returns>
    /// <exception cref="SocketException">Neither kind of socket may be opened.</exception>
    public static Socket Open(AddressFamily family)
    {
        var protocol = family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        try
        {
            return new Socket(family, SocketType.Dgram, protocol);
        }
        catch (SocketException)
        {
            return new Socket(family, SocketType.Raw, protocol);
        }
    }

    /// <summary>Opens a socket for <paramref name="source"/>'s family and binds it to that address.</summary>
    /// <param name="source">The local address the echo requests leave from.</param>
    /// <returns>The bound socket.</returns>
    public static Socket OpenBound(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var socket = Open(source.AddressFamily);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
