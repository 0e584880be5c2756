using System.Threading.Channels;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>
/// The MonitorConnection server element that serves subscribers from a <see cref="ConnectionMonitor"/>: it sends
/// INITIAL_STATE_TRANSFER at once, then the matching events, until the caller goes away or the component stops.
/// It ends the MonitorConnection chain (put authorization elements before it).
/// </summary>
/// <param name="monitor">The hub to serve.</param>
public sealed class MonitorConnectionServer(ConnectionMonitor monitor) : IMonitorConnectionServer
{
    /// <inheritdoc />
    public async Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        using var subscription = monitor.Subscribe(selector);
        var reader = subscription.Events;
        try
        {
            while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var e))
                {
                    await stream.WriteAsync(e).ConfigureAwait(false);
                }
            }
        }
        catch (ChannelClosedException ex) when (ex.InnerException is NsmStatusException status)
        {
            throw new NsmStatusException(status.StatusCode, status.Message, ex);
        }
    }
}
