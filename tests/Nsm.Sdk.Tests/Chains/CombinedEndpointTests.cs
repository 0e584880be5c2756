using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Chains;

/// <summary>Upstream's TestCombine and TestSwitchEndpoint_InitialStateTransfer (§5.12).</summary>
public sealed class CombinedEndpointTests : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private CombinedEndpoint Combined() => new(
        eps => new MechanismsServer(new Dictionary<string, INetworkServiceServer> { ["KERNEL"] = eps[0], ["MEMIF"] = eps[1] }),
        new NsmEndpoint(new EndpointOptions { Name = "KERNEL" }, new NsmBuildContext { Lifetime = _lifetime.Token }),
        new NsmEndpoint(new EndpointOptions { Name = "MEMIF" }, new NsmBuildContext { Lifetime = _lifetime.Token }));

    private static NetworkServiceRequest Request(string id, string type) => new()
    {
        Connection = new Connection { Id = id, NetworkService = "svc", Path = new Nsm.Api.NetworkService.Path { PathSegments = { new PathSegment { Name = "nsc", Id = id, Expires = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(10)) } } } },
        MechanismPreferences = { new Mechanism { Cls = "LOCAL", Type = type } },
    };

    [Theory]
    [InlineData("KERNEL")]
    [InlineData("MEMIF")]
    public async Task Mechanism_picks_the_endpoint_and_one_monitor_sees_update_then_delete(string type)
    {
        var combined = Combined();
        var events = new Collect();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var monitor = combined.MonitorConnectionServer.MonitorConnectionsAsync(new MonitorScopeSelector(), events, new NsmContext(cancellationToken: cts.Token), MonitorConnectionHandler.Tail);
        await events.WaitForAsync(1);
        Assert.Equal(ConnectionEventType.InitialStateTransfer, events.Items[0].Type);
        Assert.Empty(events.Items[0].Connections);

        var conn = await new NetworkServiceServerChain(combined).RequestAsync(Request("c1", type), new NsmContext());
        Assert.Equal(2, conn.Path.PathSegments.Count);
        Assert.Equal(type, conn.Path.PathSegments[1].Name);
        await events.WaitForAsync(2);
        Assert.Equal(ConnectionEventType.Update, events.Items[1].Type);
        Assert.Equal(conn.Path.PathSegments[1].Id, Assert.Single(events.Items[1].Connections).Key);

        await new NetworkServiceServerChain(combined).CloseAsync(conn, new NsmContext());
        await events.WaitForAsync(3);
        Assert.Equal(ConnectionEventType.Delete, events.Items[2].Type);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor);
    }

    [Fact]
    public async Task A_new_subscriber_gets_one_merged_initial_state_transfer()
    {
        var combined = Combined();
        var chain = new NetworkServiceServerChain(combined);
        await chain.RequestAsync(Request("k", "KERNEL"), new NsmContext());
        await chain.RequestAsync(Request("m", "MEMIF"), new NsmContext());

        var events = new Collect();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var monitor = combined.MonitorConnectionServer.MonitorConnectionsAsync(new MonitorScopeSelector(), events, new NsmContext(cancellationToken: cts.Token), MonitorConnectionHandler.Tail);
        await events.WaitForAsync(1);
        Assert.Equal(ConnectionEventType.InitialStateTransfer, events.Items[0].Type);
        Assert.Equal(2, events.Items[0].Connections.Count);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor);
        Assert.Single(events.Items);
    }

    private sealed class Collect : IAsyncStreamWriter<ConnectionEvent>
    {
        private readonly List<ConnectionEvent> _items = [];

        public WriteOptions? WriteOptions { get; set; }

        public IReadOnlyList<ConnectionEvent> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public Task WriteAsync(ConnectionEvent message)
        {
            lock (_items)
            {
                _items.Add(message);
            }

            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Items.Count < count)
            {
                await Task.Delay(10, cts.Token);
            }
        }
    }
}
