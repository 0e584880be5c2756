using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Protocol;

/// <summary>
/// The CLI ↔ supervisor protocol on the unix socket: one JSON object per line each way (a request with a
/// <c>verb</c>, then its answer with <c>ok</c> and either the result's fields or <c>error</c>).
/// </summary>
internal static class LineProtocol
{
    public static async Task WriteAsync(Stream stream, JsonObject message, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    public static async Task<JsonObject?> ReadAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var one = new byte[64 * 1024];
        while (true)
        {
            var n = await stream.ReadAsync(one, ct);
            if (n == 0)
            {
                break;
            }

            var newline = Array.IndexOf(one, (byte)'\n', 0, n);
            buffer.Write(one, 0, newline >= 0 ? newline : n);
            if (newline >= 0)
            {
                break;
            }
        }

        return buffer.Length == 0 ? null : JsonNode.Parse(buffer.ToArray()) as JsonObject;
    }

    public static Socket Listen(string path)
    {
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(64);
        return socket;
    }
}
