using System.Collections.Concurrent;
using System.Diagnostics;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Dial;
using Nsm.Sdk.Tests.Common.Doubles;
using Xunit.Abstractions;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Endpoints that died without unregistering (their sockets gone, their registrations left to expire) cost nothing:
/// heal moves on to a new endpoint at once, and new clients reach the live endpoint without waiting on dead ones.
/// </summary>
public sealed class DeadEndpointScenarioTests(ITestOutputHelper output)
{
    private const string Service = "my-service";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Endpoint_killed_without_unregistering_heals_to_the_new_endpoint(int nseNode)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 2);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        var nse = await domain.Nodes[nseNode].NewEndpointAsync("nse-dead", [Service], counter);
        var nsc = domain.Nodes[0].NewClient();
        var logger = new ListLogger();
        var conn = await RequestAsync(nsc, SandboxClient.DefaultRequest(Service), logger);
        Assert.Equal(1, counter.UniqueRequests);

        var sinceKill = Stopwatch.StartNew();
        try
        {
            await nse.StopAsync(); // killed: the socket goes, the registration stays until it expires
            await domain.Nodes[nseNode].NewEndpointAsync("nse-new", [Service], counter);
            var sinceRegistration = Stopwatch.StartNew();
            await TestExtensions.Eventually(() => counter.UniqueRequests == 2, "the NSC heals to nse-new");
            output.WriteLine(
                $"heal (endpoint on node {nseNode}): {sinceKill.Elapsed.TotalMilliseconds:F0} ms after the kill, " +
                $"{sinceRegistration.Elapsed.TotalMilliseconds:F0} ms after the new endpoint registered");
            await TestExtensions.Eventually(() => logger.Texts.Any(t => t.Contains("re-established", StringComparison.Ordinal)), "the heal to be logged");

            var refreshed = await RequestAsync(nsc, new() { Connection = conn.Clone() }, logger);
            Assert.Equal("nse-new", refreshed.Path.PathSegments[^1].Name);
            await nsc.CloseAsync(refreshed);
            await domain.AssertNoConnectionsAsync();
        }
        finally
        {
            foreach (var line in logger.Lines)
            {
                output.WriteLine($"NSC log: {line.Level} {line.EventId} {line.Text} {line.Exception?.Message}");
            }
        }

        // A Close to the dead endpoint used to log the channel's placeholder address instead of the endpoint's URL.
        Assert.DoesNotContain(logger.Lines, l => (l.Text + l.Exception).Contains("localhost:80", StringComparison.Ordinal));
        Assert.Single(logger.Texts, t => t.Contains("re-established", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Texts, t => t.Contains("healed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_dead_endpoints_and_a_live_one_new_clients_connect_and_dead_ones_are_tried_last()
    {
        var attempts = new ConcurrentQueue<string>();
        var record = LambdaElement.CheckRequest((r, _) => attempts.Enqueue(r.Connection.NetworkServiceEndpointName));
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1, setup: s => s.DefaultForwarder = false);
        await domain.Nodes[0].NewForwarderAsync("forwarder-0", servers: [record]);
        await domain.RegisterServiceAsync(Service);
        for (var i = 1; i <= 3; i++)
        {
            var dead = await domain.Nodes[0].NewEndpointAsync($"nse-dead-{i}", [Service]);
            await dead.StopAsync();
        }

        var live = new CountElement();
        await domain.Nodes[0].NewEndpointAsync("nse-live", [Service], live);
        var connections = new List<(SandboxClient Client, Connection Connection)>();
        var deadTried = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            attempts.Clear();
            var nsc = domain.Nodes[0].NewClient($"nsc-{i}");
            var watch = Stopwatch.StartNew();
            var conn = await RequestAsync(nsc, SandboxClient.DefaultRequest(Service), null);
            output.WriteLine($"client {i}: connected in {watch.Elapsed.TotalMilliseconds:F0} ms after trying {string.Join(", ", attempts)}");
            Assert.Equal("nse-live", conn.Path.PathSegments[^1].Name);
            Assert.Equal("nse-live", attempts.Last());
            deadTried.AddRange(attempts.SkipLast(1));
            connections.Add((nsc, conn));
        }

        // Round robin starts each client at another endpoint, yet a dead endpoint found out once is tried last
        // from then on: no dead endpoint is tried twice.
        Assert.Equal(deadTried.Distinct().Count(), deadTried.Count);
        Assert.Equal(4, live.UniqueRequests);
        Assert.Equal(deadTried.Count, domain.Nodes[0].Forwarders["forwarder-0"].Current!.UnreachableEndpoints.Count);
        foreach (var (nsc, conn) in connections)
        {
            await nsc.CloseAsync(conn);
        }

        await domain.AssertNoConnectionsAsync();
    }

    private static async Task<Connection> RequestAsync(SandboxClient nsc, NetworkServiceRequest request, ListLogger? logger) =>
        await nsc.Client.RequestAsync(request, new NsmContext(logger: logger), NetworkServiceHandler.Tail).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
