using System.Buffers.Binary;
using System.Net.Sockets;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Control;

namespace Nsm.Vpp.Testing;

/// <summary>
/// A fake VPP on a unix socket that speaks VPP's binary API as VPP 26.10 does (the reference's §1 and §7): it waits for
/// <c>sockclnt_create</c> (id 15) and answers id 16 with its message table and a handle (0x80000001 for the first
/// connection), then serves requests by id through handlers, only when their <c>client_index</c> is the handle; it drops
/// truncated messages and unknown ids without a reply, puts a non-zero <c>q</c> in its headers, answers
/// <c>sockclnt_delete</c> with response 1 and closes. It records every frame it receives.
/// </summary>
public sealed partial class FakeVpp : IAsyncDisposable
{
    /// <summary>The <c>q</c> the fake puts in the headers after the handshake (a value VPP sent).</summary>
    public const ulong DefaultQ = 0x8012073001000000;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Crc, ushort Id)> _table = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Handler> _handlers = new(StringComparer.Ordinal);
    private readonly List<FakeVppFrame> _received = [];
    private readonly List<(FakeVppFrame Frame, string Reason)> _dropped = [];
    private readonly List<Client> _clients = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;
    private Task _acceptLoop = Task.CompletedTask;

    private FakeVpp(string socketPath)
    {
        SocketPath = socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        foreach (var (name, crc, id) in FakeVppMessageTable.Recorded)
        {
            _table[name] = (crc, id);
        }

        RegisterBuiltInHandlers();
    }

    /// <summary>Gets the socket the fake listens on.</summary>
    public string SocketPath { get; }

    /// <summary>Gets or sets the <c>q</c> header value of the fake's frames after the handshake (non-zero, as VPP's).</summary>
    public ulong Q { get; set; } = DefaultQ;

    /// <summary>Gets or sets the PID <c>control_ping_reply</c> reports (VPP's in the recorded run).</summary>
    public uint VpePid { get; set; } = 32756;

    /// <summary>Gets or sets the <c>show_version_reply</c> the built-in handler sends (the recorded one by default).</summary>
    public ShowVersionReply Version { get; set; } = new()
    {
        Program = "vpe", Version = "26.10-release", BuildDate = "2026-11-24T14:30:28", BuildDirectory = string.Empty,
    };

    /// <summary>Gets the number of connected clients.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Gets every frame received so far, in order, on every connection.</summary>
    public IReadOnlyList<FakeVppFrame> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Gets every frame dropped without a reply so far, with why (truncated, unknown id, wrong client_index…).</summary>
    public IReadOnlyList<(FakeVppFrame Frame, string Reason)> Dropped
    {
        get
        {
            lock (_lock)
            {
                return [.. _dropped];
            }
        }
    }

    /// <summary>Starts a fake VPP listening on <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">The socket to create (its folder must exist; a stale file is replaced).</param>
    /// <returns>The running fake.</returns>
    public static FakeVpp Start(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        File.Delete(socketPath);
        var fake = new FakeVpp(socketPath);
        fake._listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        fake._listener.Listen(16);
        fake._acceptLoop = Task.Run(fake.AcceptLoopAsync, CancellationToken.None);
        return fake;
    }

    /// <summary>Adds a message to the table, or gives a message another CRC or id (e.g. to play a VPP version we do not speak).</summary>
    /// <param name="name">The message name.</param>
    /// <param name="crc">Its CRC, 8 lowercase hex digits.</param>
    /// <param name="id">Its id; by default the one it has, or the next free id.</param>
    public void SetMessage(string name, string crc, ushort? id = null)
    {
        lock (_lock)
        {
            _table[name] = (crc, id ?? (_table.TryGetValue(name, out var old) ? old.Id : (ushort)(_table.Values.Max(e => e.Id) + 1)));
        }
    }

    /// <summary>Removes a message from the table (a plugin that is not loaded).</summary>
    /// <param name="name">The message name.</param>
    public void RemoveMessage(string name)
    {
        lock (_lock)
        {
            _table.Remove(name);
        }
    }

    /// <summary>Gets a message's id in the fake's table.</summary>
    /// <param name="name">The message name.</param>
    /// <returns>Its id.</returns>
    public ushort IdOf(string name)
    {
        lock (_lock)
        {
            return _table[name].Id;
        }
    }

    /// <summary>Serves a message with a handler of raw bytes: the request body in, the reply bodies out (none: no reply).</summary>
    /// <param name="name">The request's message name.</param>
    /// <param name="minimumSize">The request's size by its layout: shorter bodies are dropped as truncated, as VPP does.</param>
    /// <param name="handler">Gives the reply bodies (each framed with <see cref="Q"/>), or <see langword="null"/> to drop the request.</param>
    /// <param name="checkClientIndex">Whether the request carries a <c>client_index</c> that must be the handle (all requests do; replies to VPP, e.g. <c>memclnt_keepalive_reply</c>, do not).</param>
    public void Handle(string name, int minimumSize, Func<FakeVppRequest, IEnumerable<byte[]>?> handler, bool checkClientIndex = true)
    {
        lock (_lock)
        {
            _handlers[name] = new Handler(minimumSize, checkClientIndex, handler);
        }
    }

    /// <summary>Serves a request/reply message with typed messages: the request is decoded (a body too short is dropped) and the reply gets its context.</summary>
    /// <typeparam name="TRequest">The request type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="handler">Answers a request.</param>
    public void Handle<TRequest, TReply>(Func<TRequest, TReply> handler)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply>
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handle(TRequest.MessageName, VppMessageCodec.HeaderSize(TRequest.Kind), request =>
            TryDecode<TRequest>(request.Body, out var decoded)
                ? [VppMessageCodec.Encode(handler(decoded), IdOf(TReply.MessageName), request.ClientIndex, request.Context)]
                : null);
    }

    /// <summary>Serves a dump with typed messages: each details message gets the dump's context (the client's control_ping then ends it).</summary>
    /// <typeparam name="TRequest">The dump request type.</typeparam>
    /// <typeparam name="TDetails">The details type.</typeparam>
    /// <param name="handler">Lists the details of a dump.</param>
    public void HandleDump<TRequest, TDetails>(Func<TRequest, IEnumerable<TDetails>> handler)
        where TRequest : IVppMessage<TRequest>
        where TDetails : IVppMessage<TDetails>
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handle(TRequest.MessageName, VppMessageCodec.HeaderSize(TRequest.Kind), request =>
            TryDecode<TRequest>(request.Body, out var decoded)
                ? handler(decoded).Select(d => VppMessageCodec.Encode(d, IdOf(TDetails.MessageName), request.ClientIndex, request.Context)).ToList()
                : null);
    }

    /// <summary>Waits until a received frame matches (a bounded wait for something that should happen).</summary>
    /// <param name="match">The condition.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <returns>The first matching frame.</returns>
    /// <exception cref="TimeoutException">No frame matched in time.</exception>
    public async Task<FakeVppFrame> WaitForFrameAsync(Func<FakeVppFrame, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout, TimeProvider.System);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_received.FirstOrDefault(match) is { } frame)
                {
                    return frame;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no frame the test waits for arrived within {timeout}");
            }
        }
    }

    /// <summary>Sends a message to every registered client, built per client (e.g. with its handle as <c>client_index</c>).</summary>
    /// <param name="body">Builds the body from the client's handle.</param>
    /// <returns>When written.</returns>
    public async Task SendAsync(Func<uint, byte[]> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (var client in Clients())
        {
            if (client.Handle != 0)
            {
                await client.WriteAsync(VppFraming.Frame(body(client.Handle), Q));
            }
        }
    }

    /// <summary>Sends <c>memclnt_keepalive</c> to every client (a real VPP pings only shared-memory clients).</summary>
    /// <param name="context">The keepalive's context, which the answer must echo.</param>
    /// <returns>When written.</returns>
    public Task InjectKeepaliveAsync(uint context) =>
        SendAsync(handle => VppMessageCodec.Encode(new MemclntKeepalive(), IdOf(MemclntKeepalive.MessageName), handle, context));

    /// <summary>Sends a <c>sw_interface_event</c> to every client.</summary>
    /// <param name="interfaceEvent">The event.</param>
    /// <returns>When written.</returns>
    public Task InjectInterfaceEventAsync(SwInterfaceEvent interfaceEvent) =>
        SendAsync(handle => VppMessageCodec.Encode(interfaceEvent, IdOf(SwInterfaceEvent.MessageName), handle, 0));

    /// <summary>Closes every client's socket at once, as a VPP that exits does.</summary>
    /// <returns>When every connection's loop ended.</returns>
    public async Task DropClientsAsync()
    {
        var clients = Clients();
        foreach (var client in clients)
        {
            client.Close();
        }

        await Task.WhenAll(clients.Select(c => c.Loop));
    }

    /// <summary>Stops listening, closes every connection and deletes the socket file.</summary>
    /// <returns>When every task of the fake ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await DropClientsAsync();
        _stop.Dispose();
        File.Delete(SocketPath);
    }

    private static bool TryDecode<T>(byte[] body, out T message)
        where T : IVppMessage<T>
    {
        try
        {
            message = VppMessageCodec.Decode<T>(body);
            return true;
        }
        catch (VppDecodeException)
        {
            message = default!;
            return false;
        }
    }

    private List<Client> Clients()
    {
        lock (_lock)
        {
            return [.. _clients];
        }
    }

    private void Record(FakeVppFrame frame, string? dropped)
    {
        lock (_lock)
        {
            _received.Add(frame);
            if (dropped is not null)
            {
                _dropped.Add((frame, dropped));
            }

            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var client = new Client(socket, Interlocked.Increment(ref _connections));
            lock (_lock)
            {
                _clients.Add(client);
            }

            client.Loop = Task.Run(() => ServeAsync(client), CancellationToken.None);
        }
    }

    private sealed record Handler(int MinimumSize, bool CheckClientIndex, Func<FakeVppRequest, IEnumerable<byte[]>?> Serve);
}
