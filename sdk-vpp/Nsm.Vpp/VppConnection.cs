using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Control;

namespace Nsm.Vpp;

/// <summary>
/// One registration with VPP over its API socket: the handshake and message table, then requests, dumps and events
/// multiplexed by context over one reader loop and one writer lock. When the socket drops, every pending call fails with
/// a <see cref="VppDisconnectedException"/> and the connection stays dead (<see cref="VppClient"/> reconnects).
/// </summary>
public sealed partial class VppConnection : IVppApi, IAsyncDisposable
{
    private static readonly VppMessageRef[] OwnMessages =
    [
        VppMessageRef.Of<ControlPing>(), VppMessageRef.Of<ControlPingReply>(),
        VppMessageRef.Of<SockclntDelete>(), VppMessageRef.Of<SockclntDeleteReply>(),
    ];

    private readonly Socket _socket;
    private readonly VppMessageTable _table;
    private readonly VppConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _subscriptionsLock = new();
    private readonly ushort? _keepaliveId;
    private readonly ushort? _keepaliveReplyId;
    private Subscription[] _subscriptions = [];
    private uint _context;
    private volatile VppDisconnectedException? _closed;
    private volatile bool _disposing;
    private int _disposed;
    private Task _readLoop = Task.CompletedTask;

    private VppConnection(Socket socket, string socketPath, uint clientIndex, VppMessageTable table, uint lastContext, VppConnectionOptions options)
    {
        _socket = socket;
        SocketPath = socketPath;
        ClientIndex = clientIndex;
        _table = table;
        _context = lastContext;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        if (table.TryGetId(VppMessageRef.Of<MemclntKeepalive>(), out var keepalive) &&
            table.TryGetId(VppMessageRef.Of<MemclntKeepaliveReply>(), out var keepaliveReply))
        {
            _keepaliveId = keepalive;
            _keepaliveReplyId = keepaliveReply;
        }
    }

    /// <summary>Gets the API socket this connection is on.</summary>
    public string SocketPath { get; }

    /// <summary>Gets the client handle VPP gave (the <c>client_index</c> of every request).</summary>
    public uint ClientIndex { get; }

    /// <summary>Gets the number of entries in VPP's message table.</summary>
    public int MessageCount => _table.Count;

    /// <summary>Gets a value indicating whether the socket is still up.</summary>
    public bool IsConnected => _closed is null;

    /// <summary>Gets a task that completes when the connection is gone (its reader loop ended).</summary>
    public Task Completion => _readLoop;

    /// <summary>
    /// Connects to VPP, does the handshake (<c>sockclnt_create</c> id 15 → <c>sockclnt_create_reply</c> id 16), builds
    /// the message table and checks that VPP has every message in <paramref name="messages"/> by name and CRC.
    /// </summary>
    /// <param name="socketPath">VPP's API socket, e.g. <c>/run/vpp/api.sock</c>.</param>
    /// <param name="clientName">The client name VPP shows (at most 63 bytes).</param>
    /// <param name="messages">Every message the caller will send or receive (<see cref="VppMessageRef.Of{T}"/>).</param>
    /// <param name="options">Timeouts, clock and logger; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="VppIncompatibleException">VPP lacks some of the messages or has them under other CRCs (all are listed).</exception>
    /// <exception cref="VppDisconnectedException">The socket cannot be reached or closed during the handshake.</exception>
    /// <exception cref="VppApiException">VPP refused the registration.</exception>
    /// <exception cref="TimeoutException">VPP did not answer the handshake within <see cref="VppConnectionOptions.ConnectTimeout"/>.</exception>
    public static async Task<VppConnection> ConnectAsync(
        string socketPath, string clientName, IEnumerable<VppMessageRef> messages, VppConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(messages);
        options ??= new VppConnectionOptions();
        var logger = options.Logger ?? NullLogger.Instance;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), linked.Token);
            var context = options.FirstContext == 0 ? 1 : options.FirstContext;
            var create = VppMessageCodec.Encode(new SockclntCreate { Name = clientName }, SockclntCreate.FixedId, 0, context);
            await VppFraming.WriteAsync(socket, VppFraming.Frame(create), linked.Token);
            var frame = await VppFraming.ReadFrameAsync(socket, linked.Token)
                ?? throw new VppDisconnectedException($"VPP at {socketPath} closed the socket during the handshake");
            var body = frame.Body;
            if (body.Length < 2 || VppMessageCodec.ReadId(body) != SockclntCreateReply.FixedId)
            {
                throw new VppDisconnectedException($"VPP at {socketPath} answered the handshake with message id {(body.Length < 2 ? -1 : VppMessageCodec.ReadId(body))}, not sockclnt_create_reply (16)");
            }

            var reply = VppMessageCodec.Decode<SockclntCreateReply>(body);
            if (reply.Response != 0)
            {
                throw new VppApiException(SockclntCreate.MessageName, reply.Response);
            }

            var table = new VppMessageTable(reply.MessageTable);
            var mismatches = messages.Concat(OwnMessages).Distinct()
                .Select(table.Check).OfType<VppMessageMismatch>().ToList();
            if (mismatches.Count > 0)
            {
                var error = new VppIncompatibleException(socketPath, mismatches);
                Log.Incompatible(logger, error.Message);
                throw error;
            }

            var connection = new VppConnection(socket, socketPath, reply.Index, table, context, options);
            connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
            Log.Connected(logger, socketPath, clientName, reply.Index, table.Count);
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"VPP at {socketPath} did not complete the handshake within {options.ConnectTimeout}");
        }
        catch (Exception e) when (e is SocketException or EndOfStreamException or InvalidDataException or VppDecodeException)
        {
            socket.Dispose();
            throw new VppDisconnectedException($"cannot connect to VPP at {socketPath}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <c>sockclnt_delete</c>, waits for its reply (bounded by the request timeout), closes the socket and ends the reader loop.</summary>
    /// <returns>When the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing = true;
        if (_closed is null)
        {
            try
            {
                await RequestCoreAsync<SockclntDelete, SockclntDeleteReply>(new SockclntDelete { Index = ClientIndex }, checkRetval: false, CancellationToken.None);
            }
            catch (Exception e) when (e is VppDisconnectedException or TimeoutException or OperationCanceledException)
            {
                // VPP cleans up a registration whose socket closes without sockclnt_delete too.
            }
        }

        await _lifetime.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already closed by VPP
        }

        _socket.Dispose();
        await _readLoop;
        _lifetime.Dispose();
        Log.Closed(_logger, SocketPath);
    }

    private uint NextContext()
    {
        while (true)
        {
            var context = Interlocked.Increment(ref _context);
            if (context != 0)
            {
                return context;
            }
        }
    }

    private ushort IdOf<T>()
        where T : IVppMessage<T>
    {
        var message = VppMessageRef.Of<T>();
        if (_table.TryGetId(message, out var id))
        {
            return id;
        }

        throw new VppIncompatibleException(SocketPath, [_table.Check(message) ?? new VppMessageMismatch(message, null)]);
    }

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();

            // Not the caller's token: a frame cut in the middle would corrupt the stream.
            await VppFraming.WriteAsync(_socket, frame, _lifetime.Token);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException || (e is OperationCanceledException && _lifetime.IsCancellationRequested))
        {
            throw _closed ?? new VppDisconnectedException($"the connection to VPP at {SocketPath} is gone: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed is { } closed)
        {
            throw new VppDisconnectedException(closed.Message, closed);
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason;
        try
        {
            while (true)
            {
                var frame = await VppFraming.ReadFrameAsync(_socket, _lifetime.Token);
                if (frame is null)
                {
                    reason = "VPP closed the socket";
                    break;
                }

                await DispatchAsync(frame.Value.Body);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            reason = "the connection was disposed";
        }
        catch (Exception e) when (e is SocketException or EndOfStreamException or InvalidDataException or ObjectDisposedException or VppDisconnectedException)
        {
            reason = e.Message;
        }
#pragma warning disable CA1031 // the loop must end in Close whatever went wrong, or pending calls would wait for their timeouts
        catch (Exception e)
#pragma warning restore CA1031
        {
            reason = $"the reader failed: {e}";
        }

        Close(reason);
    }

    private async Task DispatchAsync(byte[] body)
    {
        if (body.Length < 2)
        {
            return;
        }

        var id = VppMessageCodec.ReadId(body);
        if (id == _keepaliveId && body.Length >= 10)
        {
            var keepaliveContext = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(6));
            var answer = VppMessageCodec.Encode(new MemclntKeepaliveReply(), _keepaliveReplyId!.Value, 0, keepaliveContext);
            await WriteAsync(VppFraming.Frame(answer), _lifetime.Token);
            Log.KeepaliveAnswered(_logger, keepaliveContext);
            return;
        }

        var delivered = false;
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Id == id)
            {
                subscription.Deliver(body);
                delivered = true;
            }
        }

        if (delivered || body.Length < 6)
        {
            return;
        }

        var context = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(2));
        if (_pending.TryGetValue(context, out var call))
        {
            if (call.Deliver(id, body))
            {
                _pending.TryRemove(context, out _);
            }

            return;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var name = _table.NameOf(id);
            Log.Unexpected(_logger, id, name, context);
        }
    }

    private void Close(string reason)
    {
        var error = new VppDisconnectedException($"the connection to VPP at {SocketPath} is gone: {reason}");
        _closed = error;
        if (!_disposing)
        {
            Log.Disconnected(_logger, SocketPath, reason);
        }

        foreach (var context in _pending.Keys)
        {
            if (_pending.TryRemove(context, out var call))
            {
                call.Fail(error);
            }
        }

        Subscription[] subscriptions;
        lock (_subscriptionsLock)
        {
            subscriptions = _subscriptions;
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Complete(error);
        }
    }

    private sealed record Subscription(ushort Id, Action<byte[]> Deliver, Action<Exception> Complete);
}
