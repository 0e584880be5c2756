using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Tests.Common.Metrics;

public sealed class PoolAndRegistryMetricsTests
{
    [Fact]
    public void Ipam_gauges_report_the_size_and_the_addresses_handed_out_of_each_prefix()
    {
        const string prefix = "10.213.77.0/29"; // used by no other test
        using var recorded = new MetricsRecorder(m => m.Name == NsmDiagnostics.Name);
        var allocator = SinglePointAllocator.FromCidrs(prefix);

        var before = Gauge(recorded, NsmMetricNames.IpamAllocated, prefix);
        Assert.Equal(8, Gauge(recorded, NsmMetricNames.IpamSize, prefix));
        allocator.Allocate("c1");
        allocator.Allocate("c2");
        Assert.Equal(before + 2, Gauge(recorded, NsmMetricNames.IpamAllocated, prefix));
        allocator.Release("c1");
        Assert.Equal(before + 1, Gauge(recorded, NsmMetricNames.IpamAllocated, prefix));
        GC.KeepAlive(allocator);
    }

    [Fact]
    public void Registry_stores_count_their_records_by_kind()
    {
        using var recorded = new MetricsRecorder(m => m.Name == NsmDiagnostics.Name, onlyThisThread: true);
        using (var nses = new NetworkServiceEndpointStore())
        using (var services = new NetworkServiceStore())
        {
            nses.Put(new NetworkServiceEndpoint { Name = "nse-1" });
            nses.Put(new NetworkServiceEndpoint { Name = "nse-2" });
            nses.Put(new NetworkServiceEndpoint { Name = "nse-2" }); // an update, not a new record
            services.Put(new NetworkService { Name = "svc" });
            Assert.Equal(2, Records(recorded, "nse"));
            Assert.Equal(1, Records(recorded, "ns"));

            nses.Delete("nse-1");
            Assert.Equal(1, Records(recorded, "nse"));
        }

        // A disposed store holds nothing any more.
        Assert.Equal(0, Records(recorded, "nse"));
        Assert.Equal(0, Records(recorded, "ns"));
    }

    private static double Records(MetricsRecorder recorded, string kind) =>
        recorded.Sum(NsmMetricNames.RegistryRecords, (NsmMetricNames.RegistryKindTag, kind));

    private static double Gauge(MetricsRecorder recorded, string name, string prefix)
    {
        recorded.Measurements.Clear();
        recorded.Collect();
        return recorded.Of(name).Where(m => m.Has(NsmMetricNames.IpamPrefixTag, prefix)).Select(m => m.Value).Single();
    }
}
