using BenchmarkDotNet.Attributes;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Benchmarks;

/// <summary>IPAM allocation cost: one address pair (or one client address) per connection, then release.</summary>
[MemoryDiagnoser]
public class IpamBenchmarks
{
    private PointToPointAllocator _pairs = null!;
    private PointToPointAllocator _shared = null!;
    private PointToPointAllocator _busy = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _pairs = PointToPointAllocator.FromCidrs(PointToPointMode.PerConnectionPair, "10.0.0.0/8");
        _shared = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.0.0.0/8");
        _busy = PointToPointAllocator.FromCidrs(PointToPointMode.SharedEndpoint, "10.0.0.0/8");
        for (var i = 0; i < 10_000; i++)
        {
            _busy.Allocate("held-" + i);
        }
    }

    [Benchmark(Baseline = true, Description = "Allocate+release a pair (per-connection mode)")]
    public bool PairAllocateRelease()
    {
        _pairs.Allocate("c");
        return _pairs.Release("c");
    }

    [Benchmark(Description = "Allocate+release a client address (shared endpoint mode)")]
    public bool SharedAllocateRelease()
    {
        _shared.Allocate("c");
        return _shared.Release("c");
    }

    [Benchmark(Description = "Allocate+release with 10,000 connections held")]
    public bool BusyAllocateRelease()
    {
        var id = "c" + (_next++ & 1);
        _busy.Allocate(id);
        return _busy.Release(id);
    }

    [Benchmark(Description = "Refresh (re-allocate an existing connection)")]
    public IpamAllocation Refresh() => _busy.Allocate("held-42");
}
