using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Common.DiscoverForwarder;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.RoundRobin;
using Nsm.Sdk.Core;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Common.Discover;

public class DiscoverTests
{
    private readonly FakeRegistry _registry = new();
    private readonly List<(string? Url, string Nse)> _seen = [];

    private NetworkServiceServerChain Chain(INetworkServiceServer selector, Func<string?, bool>? fail = null) =>
        new(new MetadataServer(), new DiscoverServer(_registry, _registry), selector, new Record(_seen, fail));

    private static NetworkServiceRequest Request(string service, string id = "c1") =>
        new() { Connection = new Connection { Id = id, NetworkService = service } };

    [Fact]
    public async Task Roundrobin_spreads_connections_over_matching_endpoints_and_sets_payload()
    {
        _registry.Services.Add(new NetworkService { Name = "svc", Payload = "ETHERNET" });
        _registry.Endpoints.Add(FakeRegistry.Nse("nse-a", "svc", "unix:///a.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("nse-b", "svc", "unix:///b.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("other", "other-svc", "unix:///o.sock"));
        var chain = Chain(new RoundRobinServer());

        var first = await chain.RequestAsync(Request("svc", "c1"), new NsmContext());
        var second = await chain.RequestAsync(Request("svc", "c2"), new NsmContext());
        var third = await chain.RequestAsync(Request("svc", "c3"), new NsmContext());
        Assert.Equal(["nse-a", "nse-b", "nse-a"], new[] { first, second, third }.Select(c => c.NetworkServiceEndpointName));
        Assert.Equal("ETHERNET", first.Payload);
        Assert.Equal("unix:///b.sock", _seen[1].Url);
    }

    [Fact]
    public async Task A_pinned_endpoint_is_looked_up_by_name()
    {
        _registry.Services.Add(new NetworkService { Name = "svc" });
        _registry.Endpoints.Add(FakeRegistry.Nse("nse-a", "svc", "unix:///a.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("nse-b", "svc", "unix:///b.sock"));
        var request = Request("svc");
        request.Connection.NetworkServiceEndpointName = "nse-b";
        await Chain(new RoundRobinServer()).RequestAsync(request, new NsmContext());
        Assert.Equal(("unix:///b.sock", "nse-b"), Assert.Single(_seen));
    }

    [Fact]
    public async Task Unknown_service_and_unknown_endpoint_are_not_found()
    {
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await Chain(new RoundRobinServer()).RequestAsync(Request("nope"), new NsmContext()));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("network service nope is not found", ex.Message, StringComparison.Ordinal);

        _registry.Services.Add(new NetworkService { Name = "svc" });
        var pinned = Request("svc");
        pinned.Connection.NetworkServiceEndpointName = "ghost";
        ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await Chain(new RoundRobinServer()).RequestAsync(pinned, new NsmContext()));
        Assert.Contains("ghost not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_and_non_matching_endpoints_are_not_candidates()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _registry.Services.Add(new NetworkService { Name = "svc", Matches = { new Match { Routes = { new Destination { DestinationSelector = { ["app"] = "fw" } } } } } });
        var expired = FakeRegistry.Nse("old", "svc", "unix:///old.sock", ("app", "fw"));
        expired.ExpirationTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddSeconds(-1));
        _registry.Endpoints.Add(expired);
        _registry.Endpoints.Add(FakeRegistry.Nse("plain", "svc", "unix:///plain.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("fw", "svc", "unix:///fw.sock", ("app", "fw")));

        var conn = await Chain(new RoundRobinServer()).RequestAsync(Request("svc"), new NsmContext(clock));
        Assert.Equal("fw", conn.NetworkServiceEndpointName);
    }

    [Fact]
    public async Task A_failing_endpoint_makes_roundrobin_try_the_next()
    {
        _registry.Services.Add(new NetworkService { Name = "svc" });
        _registry.Endpoints.Add(FakeRegistry.Nse("dead", "svc", "unix:///dead.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("alive", "svc", "unix:///alive.sock"));
        var conn = await Chain(new RoundRobinServer(), url => url == "unix:///dead.sock").RequestAsync(Request("svc"), new NsmContext());
        Assert.Equal("alive", conn.NetworkServiceEndpointName);

        var all = Chain(new RoundRobinServer(), _ => true);
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await all.RequestAsync(Request("svc", "c9"), new NsmContext()));
        Assert.StartsWith("all candidates have failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Discoverforwarder_is_sticky_prefers_the_path_hint_and_forgets_on_reselect()
    {
        _registry.Services.Add(new NetworkService { Name = "svc" });
        _registry.Endpoints.Add(FakeRegistry.Nse("fwd-1", "forwarder", "unix:///f1.sock", ("p2p", "true")));
        _registry.Endpoints.Add(FakeRegistry.Nse("fwd-2", "forwarder", "unix:///f2.sock", ("p2p", "true")));
        _registry.Endpoints.Add(FakeRegistry.Nse("no-p2p", "forwarder", "unix:///f3.sock"));
        var chain = new NetworkServiceServerChain(new MetadataServer(), new DiscoverForwarderServer(_registry, _registry), new Record(_seen, null));

        var hinted = Request("svc");
        hinted.Connection.Path = new Nsm.Api.NetworkService.Path { Index = 0, PathSegments = { new PathSegment { Name = "nsc", Id = "c1" }, new PathSegment { Name = "fwd-2" } } };
        await chain.RequestAsync(hinted, new NsmContext());
        await chain.RequestAsync(Request("svc"), new NsmContext());
        Assert.Equal(["unix:///f2.sock", "unix:///f2.sock"], _seen.Select(s => s.Url));

        var reselect = Request("svc");
        reselect.Connection.State = State.ReselectRequested;
        await chain.RequestAsync(reselect, new NsmContext());
        Assert.Equal("unix:///f1.sock", _seen[^1].Url);

        _registry.Endpoints.Clear();
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(Request("svc"), new NsmContext()));
        Assert.Equal("forwarder fwd-1 is not available", ex.Message);
    }

    [Fact]
    public async Task A_forwarder_gone_from_the_registry_is_replaced_at_once_by_another_one_of_the_node()
    {
        _registry.Services.Add(new NetworkService { Name = "svc" });
        _registry.Endpoints.Add(FakeRegistry.Nse("fwd-old", "forwarder", "unix:///old.sock", ("p2p", "true")));
        var chain = new NetworkServiceServerChain(new MetadataServer(), new DiscoverForwarderServer(_registry, _registry), new Record(_seen, null));
        await chain.RequestAsync(Request("svc"), new NsmContext());

        // The forwarder pod is replaced: the old name leaves the registry, the new one arrives.
        _registry.Endpoints.RemoveAll(e => e.Name == "fwd-old");
        _registry.Endpoints.Add(FakeRegistry.Nse("fwd-new", "forwarder", "unix:///new.sock", ("p2p", "true")));
        await chain.RequestAsync(Request("svc"), new NsmContext());
        await chain.RequestAsync(Request("svc"), new NsmContext());

        Assert.Equal(["unix:///old.sock", "unix:///new.sock", "unix:///new.sock"], _seen.Select(s => s.Url));
        _registry.Endpoints.Clear();
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(Request("svc"), new NsmContext()));
        Assert.Equal("forwarder fwd-new is not available", ex.Message);
    }

    /// <summary>Records where the request was sent; fails for URLs <c>fail</c> selects.</summary>
    private sealed class Record(List<(string? Url, string Nse)> seen, Func<string?, bool>? fail) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var url = context.ClientUrl?.ToString();
            if (fail?.Invoke(url) == true)
            {
                throw new NsmStatusException(StatusCode.Unavailable, $"{url} is down");
            }

            seen.Add((url, request.Connection.NetworkServiceEndpointName));
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
