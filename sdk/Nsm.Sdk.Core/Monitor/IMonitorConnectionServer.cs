using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>An element of a MonitorConnection server chain.</summary>
public interface IMonitorConnectionServer
{
    /// <summary>Handles a MonitorConnections call.</summary>
    /// <param name="selector">What the caller wants to see.</param>
    /// <param name="stream">Where events go.</param>
    /// <param name="context">The call context; its cancellation ends the stream.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when the stream ends.</returns>
    Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next);
}

/// <summary>A source of connection events: a remote MonitorConnection service or an in-process server.</summary>
public interface IMonitorConnectionClient
{
    /// <summary>Streams the events that match <paramref name="selector"/>, starting with the initial state transfer.</summary>
    /// <param name="selector">What to see.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, CancellationToken cancellationToken);
}
