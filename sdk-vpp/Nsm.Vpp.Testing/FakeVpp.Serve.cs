using System.Buffers.Binary;
using System.Net.Sockets;
using Nsm.Vpp.Control;

namespace Nsm.Vpp.Testing;

/// <summary>One connection: the handshake, then requests in order.</summary>
public sealed partial class FakeVpp
{
    private async Task ServeAsync(Client client)
    {
        try
        {
            while (true)
            {
                var frame = await VppFraming.ReadFrameAsync(client.Socket, _stop.Token);
                if (frame is null)
                {
                    return;
                }

                var received = new FakeVppFrame(client.Number, frame.Value.Header, frame.Value.Body);
                if (!await ServeFrameAsync(client, received))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or EndOfStreamException or InvalidDataException)
        {
            // the client went away, or the fake stops
        }
        finally
        {
            client.Close();
            lock (_lock)
            {
                _clients.Remove(client);
            }
        }
    }

    /// <summary>Serves one frame; false when the connection ends.</summary>
    private async Task<bool> ServeFrameAsync(Client client, FakeVppFrame frame)
    {
        var body = frame.Body;
        if (body.Length < 2)
        {
            Record(frame, "shorter than a message id");
            return true;
        }

        var id = frame.Id;
        if (client.Handle == 0)
        {
            if (id != SockclntCreate.FixedId || body.Length < 70)
            {
                Record(frame, "not sockclnt_create before the handshake");
                return true;
            }

            Record(frame, null);
            await HandshakeAsync(client, body);
            return true;
        }

        string? name;
        Handler? handler;
        lock (_lock)
        {
            name = _table.FirstOrDefault(e => e.Value.Id == id).Key;
            handler = name is not null && _handlers.TryGetValue(name, out var h) ? h : null;
        }

        if (handler is null)
        {
            Record(frame, $"no handler for msg id {id}");
            return true;
        }

        if (body.Length < handler.MinimumSize)
        {
            Record(frame, $"Truncated message '{name}' (id {id}) received, calculated size {handler.MinimumSize} is bigger than actual size {body.Length}, message dropped.");
            return true;
        }

        if (handler.CheckClientIndex && BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(2)) != client.Handle)
        {
            Record(frame, $"client_index {BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(2)):x8} is not the handle {client.Handle:x8}: reply discarded");
            return true;
        }

        var replies = handler.Serve(new FakeVppRequest(this, client.Handle, body));
        if (replies is null)
        {
            Record(frame, $"Truncated message '{name}' (id {id}) received, message dropped.");
            return true;
        }

        Record(frame, null);
        foreach (var reply in replies)
        {
            await client.WriteAsync(VppFraming.Frame(reply, Q));
        }

        if (name == SockclntDelete.MessageName && client.DeleteRequested)
        {
            client.Close();
            return false;
        }

        return true;
    }

    private async Task HandshakeAsync(Client client, byte[] body)
    {
        var context = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(2));
        VppMessageTableEntry[] table;
        lock (_lock)
        {
            var handle = 0x80000001u;
            while (_clients.Any(c => c.Handle == handle))
            {
                handle++;
            }

            client.Handle = handle;
            table = [.. _table.Select(e => new VppMessageTableEntry(e.Value.Id, $"{e.Key}_{e.Value.Crc}"))];
        }

        var reply = new SockclntCreateReply { Context = context, Response = 0, Index = client.Handle, MessageTable = table };

        // VPP sends q = 0 and client_index = 0 in the handshake's reply.
        await client.WriteAsync(VppFraming.Frame(VppMessageCodec.Encode(reply, SockclntCreateReply.FixedId, 0, 0), 0));
    }

    private void RegisterBuiltInHandlers()
    {
        Handle(ControlPing.MessageName, 10, r =>
            [VppMessageCodec.Encode(new ControlPingReply { ClientIndex = r.ClientIndex, VpePid = VpePid }, IdOf(ControlPingReply.MessageName), 0, r.Context)]);
        Handle(ShowVersion.MessageName, 10, r =>
            [VppMessageCodec.Encode(Version, IdOf(ShowVersionReply.MessageName), 0, r.Context)]);
        Handle(WantInterfaceEvents.MessageName, 18, r =>
            [VppMessageCodec.Encode(new WantInterfaceEventsReply(), IdOf(WantInterfaceEventsReply.MessageName), 0, r.Context)]);
        Handle(MemclntKeepaliveReply.MessageName, 10, _ => [], checkClientIndex: false);
        Handle(SockclntDelete.MessageName, 14, r =>
        {
            var index = BinaryPrimitives.ReadUInt32BigEndian(r.Body.AsSpan(10));
            var ok = index == r.ClientIndex;
            if (ok)
            {
                Clients().First(c => c.Handle == r.ClientIndex).DeleteRequested = true;
            }

            return [VppMessageCodec.Encode(new SockclntDeleteReply { Response = ok ? 1 : -1 }, IdOf(SockclntDeleteReply.MessageName), 0, r.Context)];
        });
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds nothing to dispose.")]
    private sealed class Client(Socket socket, int number)
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);

        public Socket Socket => socket;

        public int Number => number;

        public uint Handle { get; set; }

        public bool DeleteRequested { get; set; }

        public Task Loop { get; set; } = Task.CompletedTask;

        public async Task WriteAsync(byte[] frame)
        {
            await _writeLock.WaitAsync();
            try
            {
                await VppFraming.WriteAsync(socket, frame, CancellationToken.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // the client is gone
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Close()
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already closed
            }

            socket.Dispose();
        }
    }
}
