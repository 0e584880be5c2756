using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Nsm.Sdk.Kernel.Liveness;

/// <summary>ICMP echo over a socket from <see cref="IcmpSocket"/>: a few requests, true at the first matching reply.</summary>
public static class IcmpEcho
{
    private const int HeaderLength = 8;
    private const int CookieLength = 8;

    /// <summary>
    /// Sends up to <paramref name="count"/> echo requests to <paramref name="destination"/>, spread evenly over
    /// <paramref name="window"/>, and waits for a reply to any of them until the window ends.
    /// </summary>
    /// <param name="socket">An ICMP socket of the destination's family (see <see cref="IcmpSocket"/>).</param>
    /// <param name="destination">The address to ping.</param>
    /// <param name="count">How many requests at most (at least 1).</param>
    /// <param name="window">How long to wait for a reply in all.</param>
    /// <param name="clock">The clock of the waits.</param>
    /// <param name="cancellationToken">Ends the wait early (then the result is false).</param>
    /// <returns>Whether a reply came back in time; false too when the kernel refuses to send (no route, link down).</returns>
    public static async Task<bool> PingAsync(Socket socket, IPAddress destination, int count, TimeSpan window, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(clock);
        count = Math.Max(1, count);
        var cookie = RandomNumberGenerator.GetBytes(CookieLength);
        var v6 = destination.AddressFamily == AddressFamily.InterNetworkV6;
        using var windowCts = new CancellationTokenSource(window, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(windowCts.Token, cancellationToken);
        var token = linked.Token;
        var reply = WaitForReplyAsync(socket, destination, cookie, v6, token);
        var target = new IPEndPoint(destination, 0);
        var spacing = window / count;
        try
        {
            for (var seq = 0; seq < count && !reply.IsCompleted; seq++)
            {
                try
                {
                    await socket.SendToAsync(Request(v6, (ushort)seq, cookie), SocketFlags.None, target, token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    return false;
                }

                if (seq < count - 1)
                {
                    await Task.WhenAny(reply, Task.Delay(spacing, clock, token)).ConfigureAwait(false);
                }
            }

            return await reply.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await ((Task)reply).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Builds an echo request (ICMP type 8, or ICMPv6 128) carrying <paramref name="cookie"/>.</summary>
    /// <param name="v6">ICMPv6.</param>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="cookie">The payload that identifies our replies.</param>
    /// <returns>The packet.</returns>
    internal static byte[] Request(bool v6, ushort sequence, ReadOnlySpan<byte> cookie)
    {
        var packet = new byte[HeaderLength + cookie.Length];
        packet[0] = v6 ? (byte)128 : (byte)8;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)Environment.ProcessId);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        cookie.CopyTo(packet.AsSpan(HeaderLength));
        if (!v6)
        {
            // The kernel sums ICMPv6 itself (and rewrites the id of datagram sockets); ICMPv4 over raw sockets needs it here.
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        }

        return packet;
    }

    /// <summary>Whether <paramref name="packet"/> (with or without an IPv4 header) is an echo reply carrying <paramref name="cookie"/>.</summary>
    /// <param name="packet">The received bytes.</param>
    /// <param name="v6">ICMPv6.</param>
    /// <param name="cookie">Our payload.</param>
    /// <returns>Whether it answers one of our requests.</returns>
    internal static bool IsReply(ReadOnlySpan<byte> packet, bool v6, ReadOnlySpan<byte> cookie)
    {
        if (!v6 && packet.Length > 0 && packet[0] >> 4 == 4)
        {
            // Raw IPv4 sockets deliver the IP header too.
            var ihl = (packet[0] & 0x0f) * 4;
            packet = packet.Length > ihl ? packet[ihl..] : [];
        }

        return packet.Length >= HeaderLength + cookie.Length
            && packet[0] == (v6 ? 129 : 0)
            && packet.Slice(HeaderLength, cookie.Length).SequenceEqual(cookie);
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum.</returns>
    internal static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static async Task<bool> WaitForReplyAsync(Socket socket, IPAddress destination, byte[] cookie, bool v6, CancellationToken token)
    {
        var buffer = new byte[1500];
        EndPoint any = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

        // Bounded by the window token; the count bound only guards against a flood of foreign ICMP on a raw socket.
        for (var i = 0; i < 10_000; i++)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
                if (result.RemoteEndPoint is IPEndPoint from && from.Address.Equals(destination) && IsReply(buffer.AsSpan(0, result.ReceivedBytes), v6, cookie))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return false;
    }
}
