using Google.Protobuf;
using Grpc.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// Writes the answers of a one-shot (non-watch) Find into a gRPC server stream without flushing after every message:
/// messages are written with <see cref="WriteFlags.BufferHint"/> and go out together once about
/// <see cref="FlushBytes"/> have gathered, or when the call ends (grpc-dotnet flushes with the trailers).
/// </summary>
/// <remarks>
/// grpc-dotnet flushes the HTTP/2 stream on every write without the hint, so a Find with 100 answers cost 100 flushes,
/// frames and socket writes, and each flush that waits for the connection's output resumes the writer on another thread.
/// The client sees the same messages in the same order; only their packing changes. Typical answers (up to a few
/// hundred records) fit in one batch; the bound keeps larger ones under Kestrel's default response buffer.
/// A write with explicitly set <see cref="WriteOptions"/> is passed through unchanged. Messages are only serialized,
/// never changed or kept, so the memory store writes its records here without copying them (<see cref="IMessageSafeStreamWriter{T}"/>).
/// </remarks>
/// <typeparam name="T">The message type.</typeparam>
/// <param name="inner">The gRPC response stream.</param>
internal sealed class BatchingServerStreamWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>, IMessageSafeStreamWriter<T>
    where T : IMessage
{
    /// <summary>How many message bytes may wait before a write flushes (Kestrel's default response buffer is 64 KiB).</summary>
    internal const int FlushBytes = 60 * 1024;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions Flushed = new();
    private int _pending;

    /// <inheritdoc />
    public WriteOptions? WriteOptions { get; set; }

    /// <inheritdoc />
    public Task WriteAsync(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (WriteOptions is { } explicitOptions)
        {
            inner.WriteOptions = explicitOptions;
            _pending = 0;
            return inner.WriteAsync(message);
        }

        _pending += message.CalculateSize() + 5; // + the gRPC message prefix
        var flush = _pending >= FlushBytes;
        if (flush)
        {
            _pending = 0;
        }

        inner.WriteOptions = flush ? Flushed : Buffered;
        return inner.WriteAsync(message);
    }
}
