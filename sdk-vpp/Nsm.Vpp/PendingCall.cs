using System.Threading.Channels;

namespace Nsm.Vpp;

/// <summary>A request waiting for messages with its context.</summary>
internal abstract class PendingCall
{
    /// <summary>Takes a message with this call's context; returns true when the call has all it waits for.</summary>
    public abstract bool Deliver(ushort id, byte[] body);

    public abstract void Fail(Exception error);
}

/// <summary>A request waiting for its one reply.</summary>
internal sealed class PendingReply(ushort replyId) : PendingCall
{
    private readonly TaskCompletionSource<byte[]> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<byte[]> Reply => _reply.Task;

    public override bool Deliver(ushort id, byte[] body) => id == replyId && _reply.TrySetResult(body);

    public override void Fail(Exception error) => _reply.TrySetException(error);
}

/// <summary>A dump waiting for its details and the control_ping_reply that ends them.</summary>
internal sealed class PendingDump(ushort detailsId, ushort pingReplyId) : PendingCall
{
    private readonly Channel<byte[]> _details = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });

    public ChannelReader<byte[]> Details => _details.Reader;

    public override bool Deliver(ushort id, byte[] body)
    {
        if (id == detailsId)
        {
            _details.Writer.TryWrite(body);
            return false;
        }

        if (id == pingReplyId)
        {
            _details.Writer.TryComplete();
            return true;
        }

        return false;
    }

    public override void Fail(Exception error) => _details.Writer.TryComplete(error);
}
