using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>The rest of a MonitorConnection server chain as seen by one element.</summary>
public abstract class MonitorConnectionHandler
{
    /// <summary>Gets the tail: it ends the stream at once.</summary>
    public static MonitorConnectionHandler Tail { get; } = new TailHandler();

    /// <summary>Continues a MonitorConnections call.</summary>
    /// <param name="selector">What the caller wants to see.</param>
    /// <param name="stream">Where events go.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the stream ends.</returns>
    public abstract Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context);

    private sealed class TailHandler : MonitorConnectionHandler
    {
        public override Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context) =>
            Task.CompletedTask;
    }
}
