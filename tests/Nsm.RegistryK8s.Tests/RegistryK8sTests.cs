using System.Text.Json.Nodes;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry;

namespace Nsm.RegistryK8s.Tests;

/// <summary>
/// registry-k8s through its gRPC API, over an in-process fake of the Kubernetes API: records are custom resources,
/// replicas share them, expiry deletes them, and conflicts and stale watches are handled as upstream's.
/// </summary>
public sealed class RegistryK8sTests : IAsyncLifetime
{
    private const string Nses = "networkserviceendpoints";
    private const string Nss = "networkservices";
    private FakeKubernetesApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeKubernetesApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Registered_records_are_custom_resources_found_and_unregistered_through_grpc()
    {
        await using var replica = await Replica.StartAsync(_api);

        await replica.Services.RegisterAsync(new NetworkService { Name = "icmp-responder", Payload = "ETHERNET" }, Replica.Call());
        var registered = await replica.Endpoints.RegisterAsync(Nse("nse-1", "icmp-responder", "tcp://10.0.0.1:5003"), Replica.Call());

        var ns = _api.Find(Nss, "icmp-responder")!;
        Assert.Equal("networkservicemesh.io/v1", ns["apiVersion"]!.GetValue<string>());
        Assert.Equal("NetworkService", ns["kind"]!.GetValue<string>());
        Assert.Equal("ETHERNET", ns["spec"]!["payload"]!.GetValue<string>());
        var nse = _api.Find(Nses, "nse-1")!;
        Assert.Equal("NetworkServiceEndpoint", nse["kind"]!.GetValue<string>());
        Assert.Equal("tcp://10.0.0.1:5003", nse["spec"]!["url"]!.GetValue<string>());
        Assert.Equal("icmp-responder", nse["spec"]!["network_service_names"]![0]!.GetValue<string>());
        Assert.NotNull(nse["spec"]!["expiration_time"]!["seconds"]);
        Assert.Equal(registered.ExpirationTime.Seconds, nse["spec"]!["expiration_time"]!["seconds"]!.GetValue<long>());

        var found = await replica.Endpoints.FindListAsync(
            new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { NetworkServiceNames = { "icmp-responder" } } },
            Replica.Call(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Equal("tcp://10.0.0.1:5003", Assert.Single(found).Url);
        var services = await replica.Services.FindListAsync(
            new NetworkServiceQuery { NetworkService = new NetworkService { Name = "icmp-responder" } }, Replica.Call(), r => (r.NetworkService, r.Deleted));
        Assert.Equal("ETHERNET", Assert.Single(services).Payload);

        await replica.Endpoints.UnregisterAsync(registered, Replica.Call());
        await replica.Services.UnregisterAsync(new NetworkService { Name = "icmp-responder" }, Replica.Call());

        Assert.Empty(_api.Names(Nses));
        Assert.Empty(_api.Names(Nss));
        var after = await replica.Endpoints.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() }, Replica.Call(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_watching_find_on_one_replica_gets_what_another_replica_registers_and_unregisters()
    {
        await using var a = await Replica.StartAsync(_api);
        await using var b = await Replica.StartAsync(_api);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = Channel.CreateUnbounded<NetworkServiceEndpointResponse>();
        var watch = Task.Run(async () =>
        {
            var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { NetworkServiceNames = { "svc" } }, Watch = true };
            try
            {
                await foreach (var response in b.Endpoints.FindAllAsync(query, Replica.Call(), stop.Token))
                {
                    await seen.Writer.WriteAsync(response);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // the test ended the watch
            }
        });

        var registered = await a.Endpoints.RegisterAsync(Nse("nse-a", "svc", "tcp://10.0.0.2:5003"), Replica.Call());
        await a.Endpoints.RegisterAsync(Nse("nse-other", "other", "tcp://10.0.0.3:5003"), Replica.Call());
        var added = await seen.Reader.ReadAsync(stop.Token);
        Assert.Equal("nse-a", added.NetworkServiceEndpoint.Name);
        Assert.False(added.Deleted);

        await a.Endpoints.UnregisterAsync(registered, Replica.Call());
        NetworkServiceEndpointResponse deleted;
        do
        {
            deleted = await seen.Reader.ReadAsync(stop.Token);
        }
        while (!deleted.Deleted);

        Assert.Equal("nse-a", deleted.NetworkServiceEndpoint.Name);
        await stop.CancelAsync();
        await watch;
    }

    [Fact]
    public async Task An_expired_nse_is_deleted_by_its_replica()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var replica = await Replica.StartAsync(_api, clock, TimeSpan.FromMinutes(1));
        await replica.Endpoints.RegisterAsync(Nse("nse-exp", "svc", "tcp://10.0.0.4:5003"), Replica.Call());
        Assert.Equal(["nse-exp"], _api.Names(Nses));

        clock.Advance(TimeSpan.FromMinutes(2));

        await Eventually.TrueAsync(() => _api.Names(Nses).Count == 0, "the expired NSE's object deleted");
        await Eventually.TrueAsync(() => replica.Server.Endpoints.Store.Count == 0, "the local copy forgets it");
    }

    [Fact]
    public async Task A_replica_deletes_only_the_expired_objects_another_replica_left_behind()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var now = clock.GetUtcNow();
        _api.Write(Nses, Object("nse-dead", "tcp://10.0.0.5:5003", now + TimeSpan.FromSeconds(30)));
        _api.Write(Nses, Object("nse-alive", "tcp://10.0.0.6:5003", now + TimeSpan.FromMinutes(10)));
        await using var replica = await Replica.StartAsync(_api, clock);
        Assert.Equal(2, replica.Server.Endpoints.Sweeper.Count);

        clock.Advance(TimeSpan.FromMinutes(1));

        await Eventually.TrueAsync(() => !_api.Names(Nses).Contains("nse-dead"), "the expired object deleted");
        Assert.Equal(["nse-alive"], _api.Names(Nses));
    }

    [Fact]
    public async Task A_refresh_written_by_another_replica_is_not_deleted_at_the_old_expiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var now = clock.GetUtcNow();
        _api.Write(Nses, Object("nse-r", "tcp://10.0.0.7:5003", now + TimeSpan.FromSeconds(30)));
        await using var replica = await Replica.StartAsync(_api, clock);
        var refreshedVersion = _api.Write(Nses, Object("nse-r", "tcp://10.0.0.7:5003", now + TimeSpan.FromMinutes(5)));
        await Eventually.TrueAsync(() => replica.Server.Endpoints.Mirror.VersionOf("nse-r") == refreshedVersion, "the refresh seen");
        _api.Write(Nses, Object("nse-marker", "tcp://10.0.0.8:5003", now + TimeSpan.FromSeconds(40)));
        await Eventually.TrueAsync(() => replica.Server.Endpoints.Mirror.VersionOf("nse-marker") is not null, "the marker seen");

        clock.Advance(TimeSpan.FromMinutes(1));

        await Eventually.TrueAsync(() => !_api.Names(Nses).Contains("nse-marker"), "the expired marker deleted");
        Assert.Contains("nse-r", _api.Names(Nses));
    }

    [Fact]
    public async Task Registering_a_name_that_exists_replaces_it_as_upstream_even_when_another_write_races()
    {
        _api.Write(Nses, Object("nse-taken", "tcp://10.9.9.9:5003", DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)));
        await using var replica = await Replica.StartAsync(_api);
        _api.ForcedReplaceConflicts = 1;

        var registered = await replica.Endpoints.RegisterAsync(Nse("nse-taken", "svc", "tcp://10.0.0.10:5003"), Replica.Call());

        Assert.Equal(1, _api.AlreadyExists);
        Assert.Equal(1, _api.Conflicts);
        Assert.Equal("tcp://10.0.0.10:5003", _api.Find(Nses, "nse-taken")!["spec"]!["url"]!.GetValue<string>());
        Assert.Equal("tcp://10.0.0.10:5003", registered.Url);
    }

    [Fact]
    public async Task Two_replicas_registering_the_same_name_end_with_one_object_of_the_last_write()
    {
        await using var a = await Replica.StartAsync(_api);
        await using var b = await Replica.StartAsync(_api);

        await a.Endpoints.RegisterAsync(Nse("nse-same", "svc", "tcp://10.0.0.11:5003"), Replica.Call());
        await b.Endpoints.RegisterAsync(Nse("nse-same", "svc", "tcp://10.0.0.12:5003"), Replica.Call());

        Assert.Equal(["nse-same"], _api.Names(Nses));
        Assert.Equal("tcp://10.0.0.12:5003", _api.Find(Nses, "nse-same")!["spec"]!["url"]!.GetValue<string>());
        await Eventually.TrueAsync(() => a.Server.Endpoints.Store.Get("nse-same")?.Url == "tcp://10.0.0.12:5003", "replica a sees b's write");

        // a's unregister of its older registration keeps b's newer one (409 on the version a wrote)
        await a.Endpoints.UnregisterAsync(Nse("nse-same", "svc", "tcp://10.0.0.11:5003"), Replica.Call());
        Assert.Equal(["nse-same"], _api.Names(Nses));
    }

    [Fact]
    public async Task A_stale_watch_answered_410_gone_lists_again_and_goes_on()
    {
        _api.Write(Nses, Object("nse-old", "tcp://10.0.0.13:5003", DateTimeOffset.UtcNow + TimeSpan.FromHours(1)));
        await using var replica = await Replica.StartAsync(_api);
        var mirror = replica.Server.Endpoints.Mirror;
        Assert.Equal(1, mirror.Lists);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = Channel.CreateUnbounded<NetworkServiceEndpointResponse>();
        var watch = Task.Run(async () =>
        {
            var query = new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint(), Watch = true };
            try
            {
                await foreach (var response in replica.Endpoints.FindAllAsync(query, Replica.Call(), stop.Token))
                {
                    await seen.Writer.WriteAsync(response);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // the test ended the watch
            }
        });
        Assert.Equal("nse-old", (await seen.Reader.ReadAsync(stop.Token)).NetworkServiceEndpoint.Name);

        _api.HoldWatches();
        _api.EndWatches();
        await Eventually.TrueAsync(() => _api.WaitingWatches > 0, "the mirror watching again");
        _api.Remove(Nses, "nse-old");
        _api.Write(Nses, Object("nse-new", "tcp://10.0.0.14:5003", DateTimeOffset.UtcNow + TimeSpan.FromHours(1)));
        _api.Compact();
        _api.ReleaseWatches();

        await Eventually.TrueAsync(() => mirror.Lists == 2, "a second list after 410");
        Assert.True(_api.Gone >= 1);
        await Eventually.TrueAsync(() => replica.Server.Endpoints.Store.Get("nse-new") is not null && replica.Server.Endpoints.Store.Get("nse-old") is null, "the relist applied");

        // and the watch goes on from the new list; the watching Find got the differences of the relist
        _api.Write(Nses, Object("nse-later", "tcp://10.0.0.15:5003", DateTimeOffset.UtcNow + TimeSpan.FromHours(1)));
        await Eventually.TrueAsync(() => replica.Server.Endpoints.Store.Get("nse-later") is not null, "a later event");
        var events = new List<string>();
        while (events.Count < 3)
        {
            var e = await seen.Reader.ReadAsync(stop.Token);
            events.Add((e.Deleted ? "-" : "+") + e.NetworkServiceEndpoint.Name);
        }

        Assert.Equal(["+nse-later", "+nse-new", "-nse-old"], events.Order(StringComparer.Ordinal));
        await stop.CancelAsync();
        await watch;
    }

    [Fact]
    public async Task A_name_kubernetes_refuses_gets_invalid_argument_that_says_why()
    {
        await using var replica = await Replica.StartAsync(_api);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await replica.Endpoints.RegisterAsync(Nse("My_NSE", "svc", "tcp://10.0.0.16:5003"), Replica.Call()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("'My_NSE'", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Kubernetes object name", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_api.Names(Nses));
    }

    [Fact]
    public async Task An_unreachable_api_gets_unavailable_that_names_it()
    {
        await using var replica = await Replica.StartAsync(_api);
        await _api.DisposeAsync();

        // the SDK client reports an Unavailable answer as its registry being unreachable, with the registry's detail
        var ex = await Assert.ThrowsAsync<Nsm.Sdk.Core.NsmStatusException>(async () =>
            await replica.Services.RegisterAsync(new NetworkService { Name = "svc" }, Replica.Call()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("register networkservices/svc: the Kubernetes API answered", ex.Message, StringComparison.Ordinal);
    }

    private static NetworkServiceEndpoint Nse(string name, string service, string url) =>
        new() { Name = name, NetworkServiceNames = { service }, Url = url };

    private static JsonObject Object(string name, string url, DateTimeOffset expiresAt) => new()
    {
        ["apiVersion"] = "networkservicemesh.io/v1",
        ["kind"] = "NetworkServiceEndpoint",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["name"] = name,
            ["network_service_names"] = new JsonArray("svc"),
            ["url"] = url,
            ["expiration_time"] = new JsonObject { ["seconds"] = expiresAt.ToUnixTimeSeconds() },
        },
    };
}
