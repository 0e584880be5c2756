using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Rotation under load: 10 clients keep refreshing their connections through one nsmgr and forwarder to one NSE while
/// every component's SVID rotates 20 times (a new key each time): every refresh passes the signature and expiry
/// policies on connections opened before the rotations (each side signs with the key of the still valid certificate it
/// presented there), and no connection is closed, healed or moved to another endpoint.
/// </summary>
public sealed class RotationUnderLoadScenarioTests
{
    private const string Service = "rotating";
    private const int Clients = 10;
    private const int Rotations = 20;

    [Fact]
    public async Task Ten_clients_refresh_through_twenty_svid_rotations_without_a_close_or_a_reselect()
    {
        var step = TimeSpan.FromSeconds(10); // registrations (1 minute) refresh between rotations
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock, SvidLifetime = TimeSpan.FromHours(1) });
        await domain.RegisterServiceAsync(Service);
        var closes = new CloseCounter();
        await domain.Nodes[0].NewEndpointAsync("nse", [Service], closes);
        var clients = Enumerable.Range(0, Clients)
            .Select(i => domain.Nodes[0].NewClient(new SandboxClientOptions { Name = $"nsc-{i}", Heal = false, Retry = false, Refresh = false }))
            .ToArray();
        var connections = await Task.WhenAll(clients.Select(c => c.RequestAsync(SandboxClient.DefaultRequest(Service))));

        for (var rotation = 0; rotation < Rotations; rotation++)
        {
            Assert.True(domain.Identities!.RotateAll() >= Clients + 3);
            clock.Advance(step);
            var refreshed = await Task.WhenAll(clients.Select((c, i) => c.RequestAsync(new NetworkServiceRequest { Connection = connections[i] })));
            for (var i = 0; i < Clients; i++)
            {
                Assert.Equal(connections[i].Id, refreshed[i].Id);
                Assert.Equal("nse", refreshed[i].NetworkServiceEndpointName);
                Assert.Equal([$"nsc-{i}", "nsmgr-0", "forwarder-0", "nse"], ScenarioKit.Names(refreshed[i]));
            }

            connections = refreshed;
        }

        Assert.Equal(0, closes.Count);
        await Task.WhenAll(clients.Select((c, i) => c.CloseAsync(connections[i])));
        Assert.Equal(Clients, closes.Count);
    }

    private sealed class CloseCounter : INetworkServiceServer
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            next.RequestAsync(request, context);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            Interlocked.Increment(ref _count);
            return next.CloseAsync(connection, context);
        }
    }
}
