using System.Collections.Concurrent;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public class ChainTests
{
    private readonly ConcurrentQueue<string> _log = new();

    private Visit V(string name) => new(name, _log);

    [Fact]
    public async Task Elements_run_in_order_and_unwind_in_reverse()
    {
        var chain = new NetworkServiceServerChain(V("a"), V("b"), V("c"));
        var conn = await chain.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal("conn-1", conn.Id);
        Assert.Equal(["a", "b", "c", "c'", "b'", "a'"], _log);
    }

    [Fact]
    public async Task Empty_chain_echoes_the_request_connection()
    {
        var conn = await new NetworkServiceServerChain().RequestAsync(Requests.New("x"), new NsmContext());
        Assert.Equal("x", conn.Id);
    }

    [Fact]
    public async Task Nested_and_empty_chains_continue_into_the_outer_chain()
    {
        var chain = new NetworkServiceServerChain(
            V("a"),
            new NetworkServiceServerChain(),
            new NetworkServiceServerChain(V("b"), new NetworkServiceServerChain(V("c")), new NetworkServiceServerChain()),
            V("d"));
        await chain.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal(["a", "b", "c", "d", "d'", "c'", "b'", "a'"], _log);
    }

    [Fact]
    public async Task An_element_that_does_not_call_next_short_circuits_everything_after_it()
    {
        var inner = new NetworkServiceServerChain(V("b"), new Stop(_log), V("never"));
        var chain = new NetworkServiceServerChain(V("a"), inner, V("after-inner"));
        var conn = await chain.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal("stopped", conn.Id);
        Assert.Equal(["a", "b", "stop", "b'", "a'"], _log);
    }

    [Fact]
    public async Task Server_chain_continues_into_a_client_chain()
    {
        var client = new NetworkServiceClientChain(V("c1"), V("c2"));
        var server = new NetworkServiceServerChain(V("s1"), client.AsServer(), V("s2"));
        await server.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal(["s1", "c1", "c2", "s2", "s2'", "c2'", "c1'", "s1'"], _log);
    }

    [Fact]
    public async Task Close_travels_the_same_path()
    {
        var chain = new NetworkServiceServerChain(V("a"), new NetworkServiceServerChain(V("b")), V("c"));
        await chain.CloseAsync(Requests.New().Connection, new NsmContext());
        Assert.Equal(["close a", "close b", "close c"], _log);
    }

    [Fact]
    public async Task A_shared_chain_instance_links_correctly_under_different_parents()
    {
        var shared = new NetworkServiceServerChain(V("shared"));
        var first = new NetworkServiceServerChain(shared, V("x"));
        var second = new NetworkServiceServerChain(shared, V("y"));
        await first.RequestAsync(Requests.New(), new NsmContext());
        await second.RequestAsync(Requests.New(), new NsmContext());
        await first.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal(["shared", "x", "x'", "shared'", "shared", "y", "y'", "shared'", "shared", "x", "x'", "shared'"], _log);
    }

    [Fact]
    public async Task Errors_propagate_through_nested_chains()
    {
        var chain = new NetworkServiceServerChain(V("a"), new NetworkServiceServerChain(V("b"), new Fail()));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(Requests.New(), new NsmContext()));
        Assert.Equal(["a", "b"], _log);
    }

    [Fact]
    public async Task Concurrent_requests_through_one_chain_do_not_interfere()
    {
        var chain = new NetworkServiceServerChain(new NetworkServiceServerChain(V("a")), V("b"));
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            chain.RequestAsync(Requests.New("c" + i), new NsmContext()).AsTask()));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => "c" + i), results.Select(c => c.Id));
        Assert.Equal(64 * 4, _log.Count);
    }
}
