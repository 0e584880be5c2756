using System.Net.Sockets;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Control;

namespace Nsm.Vpp.Testing;

/// <summary>
/// A recording proxy in front of a real VPP's API socket: a client connects to <see cref="SocketPath"/> instead of VPP's
/// socket, every frame is passed on unchanged both ways and kept (named with the message table of VPP's handshake
/// reply). <see cref="Recording"/> gives what crossed so far.
/// </summary>
public sealed class VppRecorder : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _vppSocket;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(bool FromClient, byte[] Body)> _frames = [];
    private readonly Dictionary<ushort, string> _names = [];
    private readonly Lock _lock = new();
    private readonly Task _accept;

    private VppRecorder(Socket listener, string socketPath, string vppSocket)
    {
        _listener = listener;
        SocketPath = socketPath;
        _vppSocket = vppSocket;
        _accept = AcceptAsync();
    }

    /// <summary>Gets the socket clients connect to.</summary>
    public string SocketPath { get; }

    /// <summary>Gets what crossed so far.</summary>
    public VppRecording Recording
    {
        get
        {
            lock (_lock)
            {
                return new VppRecording([.. _frames.Select(f => new VppRecording.Frame(f.FromClient, NameOf(f.Body), f.Body))]);
            }
        }
    }

    /// <summary>Starts the proxy on <paramref name="socketPath"/> in front of <paramref name="vppSocket"/>.</summary>
    /// <param name="socketPath">The socket to serve.</param>
    /// <param name="vppSocket">VPP's API socket.</param>
    /// <returns>The proxy.</returns>
    public static VppRecorder Start(string socketPath, string vppSocket)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        return new VppRecorder(listener, socketPath, vppSocket);
    }

    /// <summary>Stops the proxy and closes its connections.</summary>
    /// <returns>When stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        _stop.Dispose();
        File.Delete(SocketPath);
    }

    private string NameOf(byte[] body)
    {
        var id = VppMessageCodec.ReadId(body);
        if (id == SockclntCreateReply.FixedId)
        {
            return SockclntCreateReply.MessageName;
        }

        if (id == SockclntCreate.FixedId)
        {
            return SockclntCreate.MessageName;
        }

        return _names.TryGetValue(id, out var name) ? name : "id" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AcceptAsync()
    {
        var pumps = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            var vpp = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await vpp.ConnectAsync(new UnixDomainSocketEndPoint(_vppSocket), _stop.Token);
            pumps.Add(PumpAsync(client, vpp, fromClient: true));
            pumps.Add(PumpAsync(vpp, client, fromClient: false));
        }

        await Task.WhenAll(pumps);
    }

    private async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        try
        {
            while (await VppFraming.ReadFrameAsync(from, _stop.Token) is var (header, body))
            {
                lock (_lock)
                {
                    _frames.Add((fromClient, body));
                    if (!fromClient && VppMessageCodec.ReadId(body) == SockclntCreateReply.FixedId)
                    {
                        foreach (var entry in VppMessageCodec.Decode<SockclntCreateReply>(body).MessageTable)
                        {
                            _names[entry.Index] = entry.NameCrc[..entry.NameCrc.LastIndexOf('_')];
                        }
                    }
                }

                await VppFraming.WriteAsync(to, (byte[])[.. header, .. body], _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // a side went away: the other one goes too
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
