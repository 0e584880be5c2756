using Nsm.Sdk.Builder;
using System.Runtime.CompilerServices;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Common.UpstreamRefresh;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/upstreamrefresh_test.go: an NSE asks its clients to refresh through the monitor stream.</summary>
public sealed class UpstreamRefreshScenarioTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _chains = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _chains.CancelAsync();
        _chains.Dispose();
    }

    /// <summary>Asks every other connection of the NSE to refresh when a Request comes with an MTU other than 9000.</summary>
    private static LambdaElement AskRefreshOnMtu(StrongBox<ConnectionMonitor?> monitor) =>
        LambdaElement.OnResponse(conn =>
        {
            if (conn.Context?.MTU is 9000 || monitor.Value is not { } m)
            {
                return;
            }

            foreach (var (id, known) in m.GetConnections())
            {
                if (id != conn.Id)
                {
                    AskRefresh(m, known);
                }
            }
        });

    private static void AskRefresh(ConnectionMonitor monitor, Connection known)
    {
        var asked = known.Clone();
        asked.State = State.RefreshRequested;
        monitor.Send(new ConnectionEvent { Type = ConnectionEventType.Update, Connections = { [asked.Id] = asked } });
    }

    private static NetworkServiceRequest Request(string id, uint mtu, string? nse = null)
    {
        var r = SandboxClient.DefaultRequest(Service, id);
        r.Connection.Context = new ConnectionContext { MTU = mtu };
        r.Connection.NetworkServiceEndpointName = nse ?? string.Empty;
        return r;
    }

    private static async Task<(RestartableServer<SandboxEndpoint> Entry, CountElement Counter)> RefreshingEndpointAsync(SandboxNode node, string name)
    {
        var counter = new CountElement();
        var monitor = new StrongBox<ConnectionMonitor?>();
        var nse = await node.NewEndpointAsync(name, [Service], counter, AskRefreshOnMtu(monitor));
        monitor.Value = nse.Current!.Endpoint.Monitor;
        return (nse, counter);
    }

    [Fact]
    public async Task Test_UpstreamRefreshClient()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var (_, counter) = await RefreshingEndpointAsync(domain.Nodes[0], FinalEndpoint);
        var nsc1 = domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "nsc-1", Additional = [new UpstreamRefreshClient(new UpstreamRefreshOptions(), new NsmBuildContext { Lifetime = _chains.Token })] });
        var nsc2 = domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "nsc-2", Additional = [new UpstreamRefreshClient(new UpstreamRefreshOptions(), new NsmBuildContext { Lifetime = _chains.Token })] });

        var conn1 = await nsc1.RequestAsync(Request("1", 9000));
        var conn2 = await nsc2.RequestAsync(Request("2", 1000));
        await Eventually(() => counter.Requests == 3, "nsc-1 to refresh when the NSE asks");
        await nsc1.CloseAsync(conn1);
        await nsc2.CloseAsync(conn2);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_UpstreamRefreshClient_LocalNotifications()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var (_, first) = await RefreshingEndpointAsync(domain.Nodes[0], "nse-1");
        var (_, second) = await RefreshingEndpointAsync(domain.Nodes[0], "nse-2");
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            Additional = [new UpstreamRefreshClient(new UpstreamRefreshOptions { LocalNotifications = true }, new NsmBuildContext { Lifetime = _chains.Token })],
        });

        var conn1 = await nsc.RequestAsync(Request("1", 9000, "nse-1"));
        var conn2 = await nsc.RequestAsync(Request("2", 9000, "nse-2"));
        var conn3 = await nsc.RequestAsync(Request("3", 1000, "nse-1"));

        // nse-1 asks conn 1 to refresh; the local notifier refreshes conn 2 too.
        await Eventually(() => second.Requests == 2, "conn 2 to be refreshed by the local notification");
        Assert.Equal(1, second.UniqueRequests);
        Assert.True(first.Requests >= 3);
        foreach (var conn in new[] { conn1, conn2, conn3 })
        {
            await nsc.CloseAsync(conn);
        }

        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_UpstreamRefreshClientDelay()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var monitor = new StrongBox<ConnectionMonitor?>();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The NSE asks for a refresh of the first connection once its monitor holds it, while the NSC still holds the response.
        var askLater = LambdaElement.OnResponse(conn =>
        {
            if (counter.Requests == 1)
            {
                _ = Task.Run(async () =>
                {
                    var until = DateTime.UtcNow + Long;
                    while ((monitor.Value is not { } m || m.GetConnections().Count == 0) && DateTime.UtcNow < until)
                    {
                        await Task.Delay(5);
                    }

                    foreach (var known in monitor.Value!.GetConnections().Values)
                    {
                        AskRefresh(monitor.Value, known);
                    }

                    asked.TrySetResult();
                });
            }
        });
        var nse = await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter, askLater);
        monitor.Value = nse.Current!.Endpoint.Monitor;
        var slow = new LambdaElement(async (r, c, next) =>
        {
            var conn = await next.RequestAsync(r, c);
            await asked.Task.WaitAsync(Long);
            await Task.Delay(100);
            return conn;
        });
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            Additional = [new UpstreamRefreshClient(new UpstreamRefreshOptions(), new NsmBuildContext { Lifetime = _chains.Token }), slow],
        });

        var conn = await nsc.RequestAsync(Request("1", 9000), Long);
        await Eventually(() => counter.Requests == 2, "the refresh asked during the first response");
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }
}
