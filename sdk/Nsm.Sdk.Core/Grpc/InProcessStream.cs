using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>Runs a server-streaming producer in process and reads what it writes as an async stream.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It reads a gRPC stream in process; the name says so.")]
public static class InProcessStream
{
    /// <summary>Starts <paramref name="produce"/> and yields its messages until it ends, fails (rethrown) or the reader stops.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="produce">Writes messages; receives a token that is cancelled when the reader stops.</param>
    /// <param name="capacity">How many unread messages may wait.</param>
    /// <param name="cancellationToken">Stops reading (and the producer).</param>
    /// <returns>The messages.</returns>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Func<IAsyncStreamWriter<T>, CancellationToken, Task> produce, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(produce, channel.Writer, cts.Token);
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return message;
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync<T>(Func<IAsyncStreamWriter<T>, CancellationToken, Task> produce, ChannelWriter<T> writer, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await produce(new ChannelStreamWriter<T>(writer, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // handed to the reader, not swallowed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        writer.TryComplete(error);
    }
}
