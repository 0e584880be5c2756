using Grpc.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// Writes the answers of a one-shot (non-watch) Find into a gRPC server stream without flushing after every message:
/// messages are written with <see cref="WriteFlags.BufferHint"/> and go out together every <see cref="FlushEvery"/>
/// messages, or when the call ends (grpc-dotnet flushes with the trailers).
/// </summary>
/// <remarks>
/// grpc-dotnet flushes the HTTP/2 stream on every write without the hint, so a Find with 100 answers cost 100 flushes,
/// frames and socket writes. The client sees the same messages in the same order; only their packing changes.
/// A write with explicitly set <see cref="WriteOptions"/> is passed through unchanged. Messages are only serialized,
/// never changed or kept, so the memory store writes its records here without copying them (<see cref="IMessageSafeStreamWriter{T}"/>).
/// </remarks>
/// <typeparam name="T">The message type.</typeparam>
/// <param name="inner">The gRPC response stream.</param>
internal sealed class BatchingServerStreamWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>, IMessageSafeStreamWriter<T>
{
    /// <summary>Every how many messages a write flushes (registry records are a few hundred bytes: a batch is some 10-30 KiB).</summary>
    internal const int FlushEvery = 64;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions Flushed = new();
    private int _pending;

    /// <inheritdoc />
    public WriteOptions? WriteOptions { get; set; }

    /// <inheritdoc />
    public Task WriteAsync(T message)
    {
        if (WriteOptions is { } explicitOptions)
        {
            inner.WriteOptions = explicitOptions;
            _pending = 0;
            return inner.WriteAsync(message);
        }

        var flush = ++_pending == FlushEvery;
        if (flush)
        {
            _pending = 0;
        }

        inner.WriteOptions = flush ? Flushed : Buffered;
        return inner.WriteAsync(message);
    }
}
