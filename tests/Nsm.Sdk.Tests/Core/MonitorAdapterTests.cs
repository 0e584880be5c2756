using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public class MonitorAdapterTests
{
    private sealed class TwoEvents : IMonitorConnectionServer
    {
        public async Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
        {
            await stream.WriteAsync(new ConnectionEvent { Type = ConnectionEventType.InitialStateTransfer });
            await stream.WriteAsync(new ConnectionEvent { Type = ConnectionEventType.Update });
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
    }

    private sealed class Collect(List<ConnectionEvent> events) : IAsyncStreamWriter<ConnectionEvent>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(ConnectionEvent message)
        {
            events.Add(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Server_to_client_to_server_round_trip_streams_events_until_cancelled()
    {
        var client = new MonitorServerToClient(new MonitorConnectionServerChain(new TwoEvents()));
        var server = new MonitorConnectionServerChain(new MonitorClientToServer(client));
        var events = new List<ConnectionEvent>();
        using var cts = new CancellationTokenSource();
        var run = server.MonitorConnectionsAsync(new MonitorScopeSelector(), new Collect(events), new NsmContext(cancellationToken: cts.Token));
        for (var wait = 0; wait < 1000 && events.Count < 2; wait++)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal([ConnectionEventType.InitialStateTransfer, ConnectionEventType.Update], events.Select(e => e.Type));
    }
}
