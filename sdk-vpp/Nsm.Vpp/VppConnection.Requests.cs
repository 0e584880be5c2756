using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Control;

namespace Nsm.Vpp;

/// <summary>Requests, dumps and event subscriptions.</summary>
public sealed partial class VppConnection
{
    /// <summary>
    /// Sends a request with this connection's <c>client_index</c> and a fresh context, and waits for the reply with that
    /// context (at most <see cref="VppConnectionOptions.RequestTimeout"/>).
    /// </summary>
    /// <typeparam name="TRequest">The request type.</typeparam>
    /// <typeparam name="TReply">The reply type (its first field is <c>retval</c>).</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="VppApiException">The reply's <c>retval</c> is not 0.</exception>
    /// <exception cref="TimeoutException">VPP did not answer in time (e.g. it dropped a truncated message).</exception>
    /// <exception cref="VppDisconnectedException">The connection is gone.</exception>
    /// <exception cref="VppIncompatibleException">VPP's table lacks one of the two messages.</exception>
    public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply> =>
        RequestCoreAsync<TRequest, TReply>(request, checkRetval: true, cancellationToken);

    /// <summary>
    /// Sends a dump, then <c>control_ping</c> with the same context, and yields the details until <c>control_ping_reply</c>
    /// (waiting at most <see cref="VppConnectionOptions.RequestTimeout"/> for each next message).
    /// </summary>
    /// <typeparam name="TRequest">The dump request type.</typeparam>
    /// <typeparam name="TDetails">The details type.</typeparam>
    /// <param name="request">The dump request.</param>
    /// <param name="cancellationToken">Stops the dump.</param>
    /// <returns>The details, in VPP's order.</returns>
    /// <exception cref="TimeoutException">VPP stopped answering.</exception>
    /// <exception cref="VppDisconnectedException">The connection is gone.</exception>
    public async IAsyncEnumerable<TDetails> DumpAsync<TRequest, TDetails>(TRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TDetails : IVppMessage<TDetails>
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = IdOf<TRequest>();
        var detailsId = IdOf<TDetails>();
        var pingId = IdOf<ControlPing>();
        var pingReplyId = IdOf<ControlPingReply>();
        var context = NextContext();
        var call = new PendingDump(detailsId, pingReplyId);
        _pending[context] = call;
        try
        {
            ThrowIfClosed();
            byte[] frames = [
                .. VppFraming.Frame(VppMessageCodec.Encode(request, requestId, ClientIndex, context)),
                .. VppFraming.Frame(VppMessageCodec.Encode(new ControlPing(), pingId, ClientIndex, context)),
            ];
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                await Guard(WriteAsync(frames, linked.Token), TRequest.MessageName, context, timeout, cancellationToken);
            }

            while (true)
            {
                // A fresh timeout for each next message: a long dump is fine as long as VPP keeps answering.
                using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
                {
                    if (!await Guard(call.Details.WaitToReadAsync(linked.Token).AsTask(), TRequest.MessageName, context, timeout, cancellationToken))
                    {
                        break;
                    }
                }

                while (call.Details.TryRead(out var body))
                {
                    yield return VppMessageCodec.Decode<TDetails>(body);
                }
            }
        }
        finally
        {
            _pending.TryRemove(context, out _);
        }
    }

    /// <summary>
    /// Receives every event of one type this connection gets from now on (subscribe with VPP through the matching
    /// <c>want_*</c> request). The channel completes with a <see cref="VppDisconnectedException"/> when the connection goes.
    /// </summary>
    /// <typeparam name="TEvent">The event type, e.g. <see cref="SwInterfaceEvent"/>.</typeparam>
    /// <param name="cancellationToken">Ends the subscription (the channel completes).</param>
    /// <returns>The events, in arrival order.</returns>
    /// <exception cref="VppIncompatibleException">VPP's table lacks the event.</exception>
    public ChannelReader<TEvent> Subscribe<TEvent>(CancellationToken cancellationToken = default)
        where TEvent : IVppMessage<TEvent>
    {
        var id = IdOf<TEvent>();
        var channel = Channel.CreateUnbounded<TEvent>(new UnboundedChannelOptions { SingleWriter = true });
        var subscription = new Subscription(
            id,
            body =>
            {
                try
                {
                    channel.Writer.TryWrite(VppMessageCodec.Decode<TEvent>(body));
                }
                catch (VppDecodeException e)
                {
                    Log.BadEvent(_logger, VppMessageRef.Of<TEvent>().NameCrc, e.Message);
                }
            },
            error => channel.Writer.TryComplete(error));
        lock (_subscriptionsLock)
        {
            Volatile.Write(ref _subscriptions, [.. _subscriptions, subscription]);
        }

        if (_closed is { } closed)
        {
            channel.Writer.TryComplete(closed);
        }

        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                lock (_subscriptionsLock)
                {
                    Volatile.Write(ref _subscriptions, [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))]);
                }

                channel.Writer.TryComplete();
            });
        }

        return channel.Reader;
    }

    private async Task<TReply> RequestCoreAsync<TRequest, TReply>(TRequest request, bool checkRetval, CancellationToken cancellationToken)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply>
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = IdOf<TRequest>();
        var replyId = IdOf<TReply>();
        var context = NextContext();
        var call = new PendingReply(replyId);
        _pending[context] = call;
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            ThrowIfClosed();
            var frame = VppFraming.Frame(VppMessageCodec.Encode(request, requestId, ClientIndex, context));
            await Guard(WriteAsync(frame, linked.Token), TRequest.MessageName, context, timeout, cancellationToken);
            var body = await Guard(call.Reply.WaitAsync(linked.Token), TRequest.MessageName, context, timeout, cancellationToken);
            if (checkRetval && TReply.Kind == VppMessageKind.Reply && body.Length >= 10)
            {
                // Most replies start with retval, but not all (acl_add_replace_reply puts acl_index first): a reply that
                // knows its retval says where it is.
                var reply = VppMessageCodec.Decode<TReply>(body);
                var retval = reply is Messages.IVppReply known ? known.Retval : BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(6));
                if (retval != 0)
                {
                    throw new VppApiException(TRequest.MessageName, retval);
                }

                return reply;
            }

            return VppMessageCodec.Decode<TReply>(body);
        }
        finally
        {
            _pending.TryRemove(context, out _);
        }
    }

    private async Task Guard(Task task, string message, uint context, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(message, context);
        }
    }

    private async Task<T> Guard<T>(Task<T> task, string message, uint context, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await task;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(message, context);
        }
    }

    private TimeoutException TimedOut(string message, uint context)
    {
        Log.Timeout(_logger, message, context, _options.RequestTimeout);
        return new TimeoutException($"VPP at {SocketPath} did not answer {message} (context {context}) within {_options.RequestTimeout}");
    }
}
