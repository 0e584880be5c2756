using System.Threading.Channels;
using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>A gRPC stream writer that writes into a channel, for running server-streaming chains in process.</summary>
/// <typeparam name="T">The message type.</typeparam>
/// <param name="writer">The channel writer.</param>
/// <param name="cancellationToken">Cancels pending writes.</param>
internal sealed class ChannelStreamWriter<T>(ChannelWriter<T> writer, CancellationToken cancellationToken) : IAsyncStreamWriter<T>
{
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => writer.WriteAsync(message, cancellationToken).AsTask();
}
