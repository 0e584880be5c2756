using Google.Protobuf.WellKnownTypes;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.DiscoverForwarder;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Discover;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Common.Dial;

/// <summary>discoverforwarder tries a forwarder that could not be dialed last, until it re-registers or answers.</summary>
public sealed class UnreachableForwarderChoiceTests
{
    private readonly FakeRegistry _registry = new();
    private readonly List<string> _attempts = [];
    private readonly HashSet<string> _dead = new(StringComparer.Ordinal);

    [Fact]
    public async Task A_dead_forwarder_is_tried_once_then_last_until_it_re_registers()
    {
        _registry.Services.Add(new NetworkService { Name = "svc" });
        _registry.Endpoints.Add(Forwarder("fwd-1", "unix:///f1.sock", 100));
        _registry.Endpoints.Add(Forwarder("fwd-2", "unix:///f2.sock", 100));
        _dead.Add("unix:///f1.sock");
        var chain = new NetworkServiceServerChain(new MetadataServer(), new DiscoverForwarderServer(_registry, _registry), new FakeDial(this));

        await chain.RequestAsync(Request("c1"), new NsmContext());
        Assert.Equal(["unix:///f1.sock", "unix:///f2.sock"], _attempts);

        _attempts.Clear();
        await chain.RequestAsync(Request("c2"), new NsmContext());
        Assert.Equal(["unix:///f2.sock"], _attempts);

        // fwd-1 comes back and registers again (a new expiration): it is first in line again.
        _dead.Clear();
        _registry.Endpoints[0] = Forwarder("fwd-1", "unix:///f1.sock", 200);
        _attempts.Clear();
        await chain.RequestAsync(Request("c3"), new NsmContext());
        Assert.Equal(["unix:///f1.sock"], _attempts);
    }

    private static NetworkServiceEndpoint Forwarder(string name, string url, long expires)
    {
        var nse = FakeRegistry.Nse(name, "forwarder", url, ("p2p", "true"));
        nse.ExpirationTime = new Timestamp { Seconds = expires };
        return nse;
    }

    private static NetworkServiceRequest Request(string id) =>
        new() { Connection = new Connection { Id = id, NetworkService = "svc" } };

    /// <summary>Stands in for dial: fails at once for dead URLs, as <see cref="DialClient"/> does.</summary>
    private sealed class FakeDial(UnreachableForwarderChoiceTests test) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var url = context.ClientUrl!;
            test._attempts.Add(url.ToString());
            return test._dead.Contains(url.ToString())
                ? ValueTask.FromException<Connection>(new NextHopUnreachableException(url, "no such socket"))
                : next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
