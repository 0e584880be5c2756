using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Protocol;

/// <summary>Calls the supervisor of a state folder over its socket.</summary>
internal sealed class SupervisorClient(string socketPath)
{
    public bool IsRunning
    {
        get
        {
            if (!File.Exists(socketPath))
            {
                return false;
            }

            try
            {
                using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(socketPath));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>Sends one request; an answer with <c>ok: false</c> throws its error as a <see cref="ManifestException"/>.</summary>
    public async Task<JsonObject> CallAsync(JsonObject request, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        }
        catch (SocketException)
        {
            throw new ManifestException($"error: no nsmctl supervisor answers on {socketPath} (run 'nsmctl up' or 'nsmctl apply')");
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await LineProtocol.WriteAsync(stream, request, ct);
        var answer = await LineProtocol.ReadAsync(stream, ct) ?? throw new ManifestException("error: the supervisor closed the connection without an answer");
        return Json.Bool(answer["ok"]) ? answer : throw new ManifestException(Json.String(answer["error"]) ?? "error: the supervisor failed");
    }
}
