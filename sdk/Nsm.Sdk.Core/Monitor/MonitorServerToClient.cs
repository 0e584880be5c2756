using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>Reads events from an in-process MonitorConnection server as if it were a remote service.</summary>
/// <param name="server">The server (chain) to read from.</param>
/// <param name="clock">The clock handed to the server's context.</param>
public sealed class MonitorServerToClient(IMonitorConnectionServer server, TimeProvider? clock = null) : IMonitorConnectionClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<ConnectionEvent> MonitorConnectionsAsync(MonitorScopeSelector selector, CancellationToken cancellationToken) =>
        InProcessStream.ReadAsync<ConnectionEvent>(
            (stream, ct) => server.MonitorConnectionsAsync(selector, stream, new NsmContext(clock, cancellationToken: ct), MonitorConnectionHandler.Tail),
            capacity: 100,
            cancellationToken);
}
