using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public class MetadataTests
{
    private static readonly NsmContextKey<int> Counter = new("counter");

    /// <summary>Counts Requests per connection in the server or client map.</summary>
    private sealed class Count(bool isClient, List<int> seen) : INetworkServiceServer, INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var map = context.MetadataMap(isClient);
            map.TryLoad(Counter, out var n);
            map.Store(Counter, n + 1);
            seen.Add(n + 1);
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    [Fact]
    public async Task Metadata_lives_from_first_request_to_close_and_halves_are_separate()
    {
        var server = new List<int>();
        var client = new List<int>();
        var metadata = new MetadataServer();
        var chain = new NetworkServiceServerChain(
            metadata,
            new Count(isClient: false, server),
            new NetworkServiceClientChain(new MetadataClient(), new Count(isClient: true, client), new Count(isClient: true, client)).AsServer());

        await chain.RequestAsync(Requests.New("a"), new NsmContext());
        await chain.RequestAsync(Requests.New("a"), new NsmContext());
        await chain.RequestAsync(Requests.New("b"), new NsmContext());
        Assert.Equal([1, 2, 1], server);
        Assert.Equal([1, 2, 3, 4, 1, 2], client); // the client half shares the server's object, not its map
        Assert.Equal(2, metadata.Count);

        await chain.CloseAsync(Requests.New("a").Connection, new NsmContext());
        Assert.Equal(1, metadata.Count);
        await chain.RequestAsync(Requests.New("a"), new NsmContext());
        Assert.Equal(1, server[^1]); // a closed connection starts over
    }

    [Fact]
    public async Task A_failed_first_request_drops_the_metadata_but_a_failed_refresh_keeps_it()
    {
        var metadata = new MetadataServer();
        var fail = false;
        var chain = new NetworkServiceServerChain(metadata, new Count(false, []), new Toggle(() => fail));

        fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Requests.New("a"), new NsmContext()));
        Assert.Equal(0, metadata.Count);

        fail = false;
        await chain.RequestAsync(Requests.New("a"), new NsmContext());
        fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Requests.New("a"), new NsmContext()));
        Assert.Equal(1, metadata.Count);
    }

    [Fact]
    public async Task Client_chain_alone_keeps_its_own_metadata()
    {
        var seen = new List<int>();
        var client = new MetadataClient();
        var chain = new NetworkServiceClientChain(client, new Count(true, seen));
        await chain.RequestAsync(Requests.New("x"), new NsmContext());
        await chain.RequestAsync(Requests.New("x"), new NsmContext());
        Assert.Equal([1, 2], seen);
        await chain.CloseAsync(Requests.New("x").Connection, new NsmContext());
        Assert.Equal(0, client.Count);
    }

    private sealed class Toggle(Func<bool> fail) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            fail() ? ValueTask.FromException<Connection>(new InvalidOperationException("injected")) : next.RequestAsync(request, context);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
