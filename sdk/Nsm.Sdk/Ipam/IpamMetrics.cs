using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Ipam;

/// <summary>
/// The IPAM pool gauges (<see cref="NsmMetricNames.IpamAllocated"/>, <see cref="NsmMetricNames.IpamSize"/>) on
/// <see cref="NsmDiagnostics.Meter"/>, read from every live allocator's pools when a reader collects.
/// </summary>
internal static class IpamMetrics
{
    private static readonly ConditionalWeakTable<object, TrackedPools> Tracked = [];

    static IpamMetrics()
    {
        var meter = NsmDiagnostics.Meter;
        meter.CreateObservableGauge(NsmMetricNames.IpamAllocated, () => Observe(allocated: true), "{address}", "Addresses of an IPAM prefix that are not free");
        meter.CreateObservableGauge(NsmMetricNames.IpamSize, () => Observe(allocated: false), "{address}", "Addresses in an IPAM prefix");
    }

    /// <summary>Reports <paramref name="pools"/> (one per prefix) for as long as <paramref name="owner"/> lives.</summary>
    /// <param name="owner">The allocator.</param>
    /// <param name="prefixes">The prefixes.</param>
    /// <param name="pools">The pool of each prefix.</param>
    public static void Track(object owner, IpCidr[] prefixes, IpPool[] pools) => Tracked.AddOrUpdate(owner, new TrackedPools(prefixes, pools));

    private static List<Measurement<double>> Observe(bool allocated)
    {
        var measurements = new List<Measurement<double>>();
        foreach (var (_, tracked) in Tracked)
        {
            for (var i = 0; i < tracked.Prefixes.Length; i++)
            {
                var prefix = tracked.Prefixes[i];
                var size = (double)prefix.AddressCount;
                var value = allocated ? Math.Max(0, size - (double)tracked.Pools[i].FreeCount) : size;
                measurements.Add(new Measurement<double>(value, new KeyValuePair<string, object?>(NsmMetricNames.IpamPrefixTag, prefix.ToString())));
            }
        }

        return measurements;
    }

    private sealed record TrackedPools(IpCidr[] Prefixes, IpPool[] Pools);
}
