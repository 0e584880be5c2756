using Nsm.Sdk.Builder;
using Grpc.Net.Client;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Common.Monitor;

/// <summary>
/// Two hops over real gRPC unix sockets: NSC → A (passthrough: its client half calls B) → B (endpoint). A's monitor
/// must relay what B publishes about the connection, and publish DOWN when B goes away.
/// </summary>
public sealed class PassthroughTests : IAsyncLifetime
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-mon-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CancellationTokenSource _chain = new();
    private MonitorServer _monitorA = null!;
    private MonitorServer _monitorB = null!;
    private NsmGrpcServer? _serverA;
    private NsmGrpcServer? _serverB;
    private GrpcChannel _toA = null!;
    private GrpcChannel _toB = null!;

    private Uri UrlA => new("unix://" + IOPath.Combine(_dir, "a.sock"));

    private Uri UrlB => new("unix://" + IOPath.Combine(_dir, "b.sock"));

    public async Task InitializeAsync()
    {
        _monitorB = new MonitorServer(new ConnectionMonitor(new ConnectionMonitorOptions(), new NsmBuildContext { Lifetime = _chain.Token }));
        _serverB = await NsmGrpcServer.StartAsync([UrlB], new NsmServerChains
        {
            NetworkService = new NetworkServiceServerChain(new PathHop("B", "b-1"), new MetadataServer(), _monitorB),
            MonitorConnection = new MonitorConnectionServerChain(_monitorB.MonitorConnectionServer),
        });

        _toB = NsmGrpcChannels.Create(UrlB);
        _monitorA = new MonitorServer(new ConnectionMonitor(new ConnectionMonitorOptions(), new NsmBuildContext { Lifetime = _chain.Token }));
        _serverA = await NsmGrpcServer.StartAsync([UrlA], new NsmServerChains
        {
            NetworkService = new NetworkServiceServerChain(
                new PathHop("A", "a-1"),
                new MetadataServer(),
                _monitorA,
                new NetworkServiceClientChain(new StoreInvoker(_toB.CreateCallInvoker()), new GrpcNetworkServiceClient()).AsServer()),
            MonitorConnection = new MonitorConnectionServerChain(_monitorA.MonitorConnectionServer),
        });
        _toA = NsmGrpcChannels.Create(UrlA);
    }

    public async Task DisposeAsync()
    {
        await _chain.CancelAsync();
        _toA.Dispose();
        _toB.Dispose();
        await _serverA!.DisposeAsync();
        if (_serverB is not null)
        {
            await _serverB.DisposeAsync();
        }

        _chain.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static NetworkServiceRequest Request() =>
        new() { Connection = new Connection { Id = "nsc-1", NetworkService = "svc", Path = new() { PathSegments = { new PathSegment { Id = "nsc-1", Name = "nsc" } } } } };

    private static MonitorScopeSelector NscSelector => new() { PathSegments = { new PathSegment { Id = "nsc-1" } } };

    [Fact]
    public async Task Passthrough_relays_refresh_requested_from_the_next_hop_and_cleans_up_on_close()
    {
        var nsc = new NetworkServiceClientChain(new GrpcNetworkServiceClient(_toA.CreateCallInvoker()));
        await using var events = new EventReader(new GrpcMonitorConnectionClient(_toA.CreateCallInvoker()), NscSelector);
        Assert.Empty((await events.NextAsync()).Connections);

        var conn = await nsc.RequestAsync(Request(), new NsmContext());
        Assert.Equal(["nsc-1", "a-1", "b-1"], conn.Path.PathSegments.Select(s => s.Id));
        var up = await events.NextAsync();
        Assert.Equal(State.Up, up.Connections["a-1"].State);
        Assert.Equal(1u, up.Connections["a-1"].Path.Index);
        await EventuallyAsync(() => _monitorB.Monitor.SubscriberCount == 1, "A to watch B");

        // B asks its clients to refresh; A relays it under its own id and index.
        var atB = _monitorB.Monitor.GetConnections()["b-1"];
        _monitorB.Monitor.Send(Update(atB, State.RefreshRequested));
        var relayed = await events.WaitForAsync(e => e.Connections.TryGetValue("a-1", out var c) && c.State == State.RefreshRequested);
        Assert.Equal(ConnectionEventType.Update, relayed.Type);
        Assert.Equal(1u, relayed.Connections["a-1"].Path.Index);
        Assert.Equal("a-1", relayed.Connections["a-1"].Id);

        // Something about another connection of B is not relayed.
        _monitorB.Monitor.Send(Update(Conn(1, "other-nsc", "other-b")));
        Assert.False(await events.AnyWithinAsync(TimeSpan.FromMilliseconds(200)));

        // A refresh restarts the loop (still exactly one), Close stops it and leaves nothing behind.
        await nsc.RequestAsync(Request(), new NsmContext());
        Assert.Equal(1, _monitorA.ActiveLoops);
        await nsc.CloseAsync(conn, new NsmContext());
        Assert.Equal(0, _monitorA.ActiveLoops);
        await EventuallyAsync(() => _monitorB.Monitor.SubscriberCount == 0, "A to stop watching B");
        Assert.Empty(_monitorA.Monitor.GetConnections());
        Assert.False(_monitorB.Monitor.GetConnections().ContainsKey("b-1"));
        await events.WaitForAsync(e => e.Type == ConnectionEventType.Delete && e.Connections.ContainsKey("a-1"));
    }

    [Fact]
    public async Task Passthrough_publishes_down_when_the_next_hop_dies()
    {
        var nsc = new NetworkServiceClientChain(new GrpcNetworkServiceClient(_toA.CreateCallInvoker()));
        await using var events = new EventReader(new GrpcMonitorConnectionClient(_toA.CreateCallInvoker()), NscSelector);
        await events.NextAsync();
        var conn = await nsc.RequestAsync(Request(), new NsmContext());
        await events.NextAsync();
        await EventuallyAsync(() => _monitorB.Monitor.SubscriberCount == 1, "A to watch B");

        // Kill B: stop at once, without a graceful drain of its streams.
        using (var now = new CancellationTokenSource())
        {
            await now.CancelAsync();
            try
            {
                await _serverB!.StopAsync(now.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var down = await events.WaitForAsync(e => e.Connections.TryGetValue("a-1", out var c) && c.State == State.Down);
        Assert.Equal(ConnectionEventType.Update, down.Type);
        await EventuallyAsync(() => _monitorA.ActiveLoops == 0, "the passthrough loop to end");

        // Close still deletes at A even though B cannot be reached.
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await nsc.CloseAsync(conn, new NsmContext()));
        Assert.Empty(_monitorA.Monitor.GetConnections());
    }
}
