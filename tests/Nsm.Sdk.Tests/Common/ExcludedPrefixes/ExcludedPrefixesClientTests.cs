using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ExcludedPrefixes;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.ExcludedPrefixes;

public class ExcludedPrefixesClientTests
{
    private readonly Dictionary<string, Point2PointIpamServer> _endpoints = new(StringComparer.Ordinal)
    {
        ["svc-a"] = new("10.0.0.0/24"),
        ["svc-b"] = new("10.0.0.0/24"),
        ["svc-c"] = new("10.0.0.0/24"),
    };

    private readonly List<string[]> _sentExcluded = [];
    private int _closes;

    private NetworkServiceClientChain Chain(ExcludedPrefixesClient client) => new(client, new Endpoint(this));

    private static NetworkServiceRequest Request(string id, string service, params string[] excluded)
    {
        var ip = new IPContext();
        ip.ExcludedPrefixes.Add(excluded);
        var request = new NetworkServiceRequest
        {
            Connection = new Connection { Id = id, NetworkService = service, Context = new ConnectionContext { IpContext = ip } },
        };
        request.MechanismPreferences.Add(new Mechanism { Cls = "LOCAL", Type = "KERNEL", Parameters = { ["name"] = "nsm-1" } });
        return request;
    }

    [Fact]
    public async Task A_second_service_avoids_the_first_ones_addresses_and_a_refresh_keeps_its_own()
    {
        var chain = Chain(new ExcludedPrefixesClient());
        var c1 = await chain.RequestAsync(Request("c1", "svc-a"), new NsmContext());
        Assert.Equal(["10.0.0.1/32"], c1.Context.IpContext.SrcIpAddrs);

        var c2 = await chain.RequestAsync(Request("c2", "svc-b"), new NsmContext());
        Assert.Equal(["10.0.0.0/32", "10.0.0.1/32"], _sentExcluded[^1].Order(StringComparer.Ordinal));
        Assert.Equal(["10.0.0.3/32"], c2.Context.IpContext.SrcIpAddrs);
        Assert.Equal(["10.0.0.2/32"], c2.Context.IpContext.DstIpAddrs);

        var refresh = new NetworkServiceRequest { Connection = c1.Clone() };
        var again = await chain.RequestAsync(refresh, new NsmContext());
        Assert.DoesNotContain("10.0.0.1/32", _sentExcluded[^1]);
        Assert.DoesNotContain("10.0.0.0/32", _sentExcluded[^1]);
        Assert.Contains("10.0.0.3/32", _sentExcluded[^1]);
        Assert.Equal(["10.0.0.1/32"], again.Context.IpContext.SrcIpAddrs);
        Assert.Empty(again.Context.IpContext.ExcludedPrefixes);
    }

    [Fact]
    public async Task Close_removes_the_connections_addresses_and_leaves_others()
    {
        var client = new ExcludedPrefixesClient();
        var chain = Chain(client);
        var c1 = await chain.RequestAsync(Request("c1", "svc-a"), new NsmContext());
        await chain.RequestAsync(Request("c2", "svc-b"), new NsmContext());
        await chain.CloseAsync(c1, new NsmContext());
        Assert.Equal(["10.0.0.2/32", "10.0.0.3/32"], client.GlobalPrefixes.Order(StringComparer.Ordinal));
        var c3 = await chain.RequestAsync(Request("c3", "svc-c"), new NsmContext());
        Assert.Equal(["10.0.0.1/32"], c3.Context.IpContext.SrcIpAddrs);
    }

    [Fact]
    public async Task The_callers_excluded_prefixes_are_sent_and_restored()
    {
        var chain = Chain(new ExcludedPrefixesClient());
        var request = Request("c1", "svc-a", "10.0.0.0/31");
        var c1 = await chain.RequestAsync(request, new NsmContext());
        Assert.Equal(["10.0.0.3/32"], c1.Context.IpContext.SrcIpAddrs);
        Assert.Equal(["10.0.0.0/31"], request.Connection.Context.IpContext.ExcludedPrefixes);
    }

    [Fact]
    public async Task An_excluded_address_in_the_response_fails_and_closes_downstream()
    {
        var fixedIp = new FixedEndpoint(() => Interlocked.Increment(ref _closes));
        var chain = new NetworkServiceClientChain(new ExcludedPrefixesClient(), fixedIp);
        await chain.RequestAsync(Request("c1", "svc-a"), new NsmContext());
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => chain.RequestAsync(Request("c2", "svc-b"), new NsmContext()).AsTask());
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("10.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _closes);
    }

    [Fact]
    public async Task Members_of_one_awareness_group_share_addresses_and_others_avoid_them()
    {
        var client = new ExcludedPrefixesClient(new() { AwarenessGroups = [["kernel://svc-a/nsm-1", "kernel://svc-b"]] });
        var chain = Chain(client);
        await chain.RequestAsync(Request("c1", "svc-a"), new NsmContext());
        var c2 = await chain.RequestAsync(Request("c2", "svc-b"), new NsmContext());
        Assert.Empty(_sentExcluded[^1]);
        Assert.Equal(["10.0.0.1/32"], c2.Context.IpContext.SrcIpAddrs);
        Assert.Empty(client.GlobalPrefixes);

        var c3 = await chain.RequestAsync(Request("c3", "svc-c"), new NsmContext());
        Assert.Equal(["10.0.0.0/32", "10.0.0.1/32"], _sentExcluded[^1].Order(StringComparer.Ordinal));
        Assert.Equal(["10.0.0.3/32"], c3.Context.IpContext.SrcIpAddrs);

        // A group member avoids the addresses of connections outside its group.
        await chain.RequestAsync(Request("c4", "svc-a"), new NsmContext());
        Assert.Contains("10.0.0.3/32", _sentExcluded[^1]);
    }

    [Fact]
    public void A_bad_group_url_is_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ExcludedPrefixesClient(new() { AwarenessGroups = [["://"]] }));
    }

    /// <summary>Dispatches to a point-to-point IPAM per network service, recording the excluded list it receives.</summary>
    private sealed class Endpoint(ExcludedPrefixesClientTests test) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            test._sentExcluded.Add([.. request.Connection.Context.IpContext.ExcludedPrefixes]);
            return test._endpoints[request.Connection.NetworkService].RequestAsync(request, context, next);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
            test._endpoints[connection.NetworkService].CloseAsync(connection, context, next);
    }

    /// <summary>Always answers 10.0.0.1/32 (a misbehaving endpoint).</summary>
    private sealed class FixedEndpoint(Action onClose) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = request.Connection.Clone();
            conn.Context.IpContext.SrcIpAddrs.Add("10.0.0.1/32");
            return new(conn);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            onClose();
            return default;
        }
    }
}
