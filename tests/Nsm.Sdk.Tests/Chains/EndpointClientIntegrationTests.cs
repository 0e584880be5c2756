using Nsm.Sdk.Builder;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Ipam;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Chains;

/// <summary>The endpoint and client chains over a real unix socket: request, refresh, monitor, close, heal.</summary>
/// <remarks>xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/> but never <see cref="IAsyncDisposable.DisposeAsync"/>.</remarks>
public sealed class EndpointClientIntegrationTests : IAsyncLifetime
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-int-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<IAsyncDisposable> _servers = [];

    private Uri Url => new("unix://" + System.IO.Path.Combine(_dir, "nse.sock"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _lifetime.CancelAsync();
        foreach (var s in _servers)
        {
            await s.DisposeAsync();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }

        _lifetime.Dispose();
    }

    private async Task<(NsmEndpoint Endpoint, CountElement Count, NsmGrpcServer Server)> StartEndpointAsync(TimeProvider clock)
    {
        var count = new CountElement();
        var endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = "nse",
            AdditionalFunctionality = [count, new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = { "10.100.1.0/24" }, Mode = PointToPointMode.SharedEndpoint })],
        }, new NsmBuildContext { TimeProvider = clock, Lifetime = _lifetime.Token });
        var server = await NsmGrpcServer.StartAsync([Url], endpoint.ServerChains, clock: clock);
        _servers.Add(server);
        return (endpoint, count, server);
    }

    private static NetworkServiceRequest Request() => new()
    {
        Connection = new Connection { Id = "nsc-0", NetworkService = "isolated-network" },
        MechanismPreferences = { new Mechanism { Cls = "LOCAL", Type = "KERNEL" } },
    };

    [Fact]
    public async Task Client_requests_is_refreshed_is_monitored_and_closes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (endpoint, count, _) = await StartEndpointAsync(clock);
        var client = new NsmClient(new ClientOptions { Name = "nsc", ClientUrl = Url }, new NsmBuildContext { TimeProvider = clock, Lifetime = _lifetime.Token });

        using var channel = NsmGrpcChannels.Create(Url);
        var monitor = new GrpcMonitorConnectionClient(channel.CreateCallInvoker());
        using var monitorCts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        await using var events = monitor.MonitorConnectionsAsync(new MonitorScopeSelector(), monitorCts.Token).GetAsyncEnumerator(monitorCts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ConnectionEventType.InitialStateTransfer, events.Current.Type);
        Assert.Empty(events.Current.Connections);

        var conn = await client.RequestAsync(Request());
        Assert.Equal("nsc-0", conn.Id);
        Assert.Equal(["nsc", "nse"], conn.Path.PathSegments.Select(s => s.Name));
        Assert.All(conn.Path.PathSegments, s => Assert.True(s.Expires.ToDateTimeOffset() > clock.GetUtcNow()));
        Assert.Equal("10.100.1.2/24", Assert.Single(conn.Context.IpContext.SrcIpAddrs));
        Assert.Equal("10.100.1.1/24", Assert.Single(conn.Context.IpContext.DstIpAddrs));

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ConnectionEventType.Update, events.Current.Type);
        var seen = Assert.Single(events.Current.Connections);
        Assert.Equal(conn.Path.PathSegments[1].Id, seen.Key);

        // Tokens live 10 minutes; a two-segment path refreshes at 20 % of that.
        Assert.Equal(1, count.Requests);
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => count.Requests >= 2);
        Assert.Equal(1, count.UniqueRequests);

        await client.CloseAsync(conn);
        Assert.Equal(1, count.Closes);
        monitorCts.CancelAfter(TestExtensions.Default); // bounds the wait for the Delete event
        while (await events.MoveNextAsync() && events.Current.Type != ConnectionEventType.Delete)
        {
        }

        Assert.Equal(ConnectionEventType.Delete, events.Current.Type);
        await monitorCts.CancelAsync();
    }

    [Fact]
    public async Task Heal_notices_a_dead_endpoint_and_recovers_when_a_new_one_appears()
    {
        var clock = TimeProvider.System;
        var (_, _, first) = await StartEndpointAsync(clock);
        var client = new NsmClient(new ClientOptions
        {
            Name = "nsc",
            ClientUrl = Url,
            Heal = new HealClient(new HealOptions(), new NsmBuildContext { Lifetime = _lifetime.Token }),
        }, new NsmBuildContext { Lifetime = _lifetime.Token });
        var conn = await client.RequestAsync(Request());
        Assert.Equal("10.100.1.2/24", Assert.Single(conn.Context.IpContext.SrcIpAddrs));

        await first.DisposeAsync();
        _servers.Remove(first);
        var (_, count, _) = await StartEndpointAsync(clock);

        await WaitUntilAsync(() => count.Requests >= 1, TimeSpan.FromSeconds(20));
        Assert.Equal(1, count.UniqueRequests);
        await client.CloseAsync(conn);
        await WaitUntilAsync(() => count.Closes >= 1);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
