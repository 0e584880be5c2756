using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>Reads events from an in-process MonitorConnection server as if it were a remote service.</summary>
/// <param name="server">The server (chain) to read from.</param>
/// <param name="clock">The clock handed to the server's context.</param>
public sealed class MonitorServerToClient(IMonitorConnectionServer server, TimeProvider? clock = null) : IMonitorConnectionClient
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ConnectionEvent>(new BoundedChannelOptions(100) { SingleReader = true });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var context = new NsmContext(clock, cancellationToken: cts.Token);
        var pump = RunAsync(selector, channel.Writer, context);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(MonitorScopeSelector selector, ChannelWriter<ConnectionEvent> writer, NsmContext context)
    {
        Exception? error = null;
        try
        {
            await server.MonitorConnectionsAsync(selector, new ChannelStreamWriter(writer, context.CancellationToken), context, MonitorConnectionHandler.Tail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // the error is handed to the reader, not swallowed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        writer.TryComplete(error);
    }

    private sealed class ChannelStreamWriter(ChannelWriter<ConnectionEvent> writer, CancellationToken cancellationToken) : IAsyncStreamWriter<ConnectionEvent>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ConnectionEvent message) => writer.WriteAsync(message, cancellationToken).AsTask();
    }
}
