using System.Collections.Concurrent;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public class AdapterTests
{
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task Client_to_server_returns_control_to_the_server_chain()
    {
        var server = new NetworkServiceServerChain(
            new Visit("s1", _log),
            new NetworkServiceClientChain(new Visit("c", _log)).AsServer(),
            new Visit("s2", _log));
        await server.RequestAsync(Requests.New(), new NsmContext());
        await server.CloseAsync(Requests.New().Connection, new NsmContext());
        Assert.Equal(["s1", "c", "s2", "s2'", "c'", "s1'", "close s1", "close c", "close s2"], _log);
    }

    [Fact]
    public async Task Server_to_client_returns_control_to_the_client_chain()
    {
        var client = new NetworkServiceClientChain(
            new Visit("c1", _log),
            new NetworkServiceServerChain(new Visit("s", _log)).AsClient(),
            new Visit("c2", _log));
        await client.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal(["c1", "s", "c2", "c2'", "s'", "c1'"], _log);
    }

    [Fact]
    public async Task A_short_circuit_inside_an_adapter_stops_the_outer_chain()
    {
        var client = new NetworkServiceClientChain(
            new NetworkServiceServerChain(new Stop(_log)).AsClient(),
            new Visit("never", _log));
        var conn = await client.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal("stopped", conn.Id);
        Assert.Equal(["stop"], _log);
    }
}
