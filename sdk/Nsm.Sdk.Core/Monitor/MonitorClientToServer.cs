using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// A MonitorConnection server element that pumps the events of a client (e.g. a remote service) into the
/// caller's stream. It ends the chain: it does not call <c>next</c>.
/// </summary>
/// <param name="client">Where events come from.</param>
public sealed class MonitorClientToServer(IMonitorConnectionClient client) : IMonitorConnectionServer
{
    /// <inheritdoc />
    public async Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        await foreach (var e in client.MonitorConnectionsAsync(selector, context.CancellationToken).ConfigureAwait(false))
        {
            await stream.WriteAsync(e).ConfigureAwait(false);
        }
    }
}
