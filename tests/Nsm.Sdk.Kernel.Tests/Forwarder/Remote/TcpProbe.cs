using System.Net;
using System.Net.Sockets;
using System.Text;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Tests.Forwarder.Remote;

/// <summary>A TCP round trip between two namespaces: a listener in one, a client in the other, bytes both ways.</summary>
internal static class TcpProbe
{
    public static async Task AssertRoundTripAsync(NetNs server, string address, NetNs client, int port = 7777)
    {
        var ip = IPAddress.Parse(address);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var listener = await server.RunInAsync(() =>
        {
            var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(ip, port));
            s.Listen(1);
            return s;
        });
        using var socket = await client.RunInAsync(() => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await socket.ConnectAsync(new IPEndPoint(ip, port), timeout.Token);
        using var accepted = await accept;
        var payload = Encoding.ASCII.GetBytes(new string('x', 4000)); // more than one segment of the tunnel's MTU
        await socket.SendAsync(payload, timeout.Token);
        var received = await ReadAsync(accepted, payload.Length, timeout.Token);
        Assert.Equal(payload, received);
        await accepted.SendAsync(Encoding.ASCII.GetBytes("ok"), timeout.Token);
        Assert.Equal("ok", Encoding.ASCII.GetString(await ReadAsync(socket, 2, timeout.Token)));
    }

    private static async Task<byte[]> ReadAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            Assert.NotEqual(0, n);
            read += n;
        }

        return buffer;
    }
}
