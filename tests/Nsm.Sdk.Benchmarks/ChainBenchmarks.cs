using BenchmarkDotNet.Attributes;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Benchmarks;

/// <summary>The cost of the chain itself: ten null elements, with and without nesting, per Request and per Close.</summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private readonly NetworkServiceRequest _request = new() { Connection = new Connection { Id = "bench", NetworkService = "svc" } };
    private NetworkServiceServerChain _flat = null!;
    private NetworkServiceServerChain _nested = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flat = new NetworkServiceServerChain(Enumerable.Range(0, 10).Select(_ => (INetworkServiceServer)NullServer.Instance));
        // 10 null elements spread over server chains and a client chain behind an adapter, as an nsmgr is built.
        _nested = new NetworkServiceServerChain(
            NullServer.Instance,
            new NetworkServiceServerChain(NullServer.Instance, NullServer.Instance, NullServer.Instance),
            NullServer.Instance,
            new NetworkServiceClientChain(NullClient.Instance, NullClient.Instance, new NetworkServiceClientChain(NullClient.Instance, NullClient.Instance)).AsServer(),
            NullServer.Instance);
    }

    [Benchmark(Baseline = true, Description = "Request, 10 null elements")]
    public ValueTask<Connection> Request() => _flat.RequestAsync(_request, new NsmContext());

    [Benchmark(Description = "Close, 10 null elements")]
    public ValueTask Close() => _flat.CloseAsync(_request.Connection, new NsmContext());

    [Benchmark(Description = "Request, 10 null elements in nested server/client chains")]
    public ValueTask<Connection> RequestNested() => _nested.RequestAsync(_request, new NsmContext());
}
