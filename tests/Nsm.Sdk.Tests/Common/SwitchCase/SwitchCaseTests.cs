using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.SwitchCase;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.SwitchCase;

public class SwitchCaseTests
{
    private readonly ConcurrentQueue<string> _log = new();

    [Theory]
    [InlineData("a", "case-a,tail")]
    [InlineData("b", "case-b,tail")]
    [InlineData("c", "default,tail")]
    public async Task Server_FirstMatchingBranchRunsInsteadOfNext(string service, string expected)
    {
        var chain = new NetworkServiceServerChain(
            new SwitchCaseServer(
                Branch<INetworkServiceServer>("a", "case-a"),
                Branch<INetworkServiceServer>("b", "case-b"),
                new SwitchCaseBranch<INetworkServiceServer>(SwitchCaseConditions.Default, Log("default"))),
            Log("tail"));
        await chain.RequestAsync(TestExtensions.Request("id", service), new NsmContext());
        Assert.Equal(expected, string.Join(',', _log));

        _log.Clear();
        await chain.CloseAsync(new Connection { Id = "id", NetworkService = service }, new NsmContext());
        Assert.Equal(expected, string.Join(',', _log));
    }

    [Fact]
    public async Task Client_NoMatchCallsNext()
    {
        var chain = new NetworkServiceClientChain(new SwitchCaseClient(Branch<INetworkServiceClient>("a", "case-a")), Log("tail"));
        await chain.RequestAsync(TestExtensions.Request("id", "zzz"), new NsmContext());
        Assert.Equal("tail", string.Join(',', _log));
    }

    [Fact]
    public async Task Client_BranchCanShortCircuit()
    {
        var stop = new LambdaElement((r, _, _) => new ValueTask<Connection>(new Connection { Id = "stopped" }));
        var chain = new NetworkServiceClientChain(
            new SwitchCaseClient(new SwitchCaseBranch<INetworkServiceClient>((_, c) => c.NetworkService == "a", stop)),
            Log("tail"));
        var conn = await chain.RequestAsync(TestExtensions.Request("id", "a"), new NsmContext());
        Assert.Equal("stopped", conn.Id);
        Assert.Empty(_log);
    }

    private SwitchCaseBranch<T> Branch<T>(string service, string name)
        where T : INetworkServiceElement => new((_, c) => c.NetworkService == service, (T)(INetworkServiceElement)Log(name));

    private LambdaElement Log(string name) => new(
        (r, c, n) => { _log.Enqueue(name); return n.RequestAsync(r, c); },
        (conn, c, n) => { _log.Enqueue(name); return n.CloseAsync(conn, c); });
}
