using Nsm.Api.NetworkService;

namespace Nsm.Api.Tests;

/// <summary>Samples of every connectioncontext message, with their hand-written encodings.</summary>
internal static class ConnectionContextSamples
{
    public static IpNeighbor IpNeighbor() => new() { Ip = "10.0.0.1", HardwareAddress = "aa:bb:cc:dd:ee:ff" };

    public static void IpNeighborWire(WireWriter w) => w.String(1, "10.0.0.1").String(2, "aa:bb:cc:dd:ee:ff");

    public static Route Route(string prefix, string nextHop) => new() { Prefix = prefix, NextHop = nextHop };

    public static Action<WireWriter> RouteWire(string prefix, string nextHop) => w => w.String(1, prefix).String(2, nextHop);

    public static IpFamily IpFamily() => new() { Family = Nsm.Api.NetworkService.IpFamily.Types.Family.Ipv6 };

    public static void IpFamilyWire(WireWriter w) => w.Enum(1, 1);

    public static ExtraPrefixRequest ExtraPrefixRequest() => new()
    {
        AddrFamily = IpFamily(),
        PrefixLen = 64,
        RequiredNumber = 2,
        RequestedNumber = 300,
    };

    public static void ExtraPrefixRequestWire(WireWriter w) =>
        w.Message(1, IpFamilyWire).UInt(2, 64).UInt(3, 2).UInt(4, 300);

    public static PolicyRoute PolicyRoute() => new()
    {
        From = "172.16.0.1/32",
        Proto = "6",
        DstPort = "80-8080",
        SrcPort = "5000",
        Routes = { Route("10.1.0.0/16", "172.16.0.254"), Route("10.2.0.0/16", "") },
    };

    public static void PolicyRouteWire(WireWriter w) => w
        .String(1, "172.16.0.1/32")
        .String(2, "6")
        .String(3, "80-8080")
        .String(4, "5000")
        .Message(5, RouteWire("10.1.0.0/16", "172.16.0.254"))
        .Message(5, x => x.String(1, "10.2.0.0/16"));

    public static IPContext IPContext() => new()
    {
        SrcIpAddrs = { "172.16.0.1/32", "fd00::1/128" },
        DstIpAddrs = { "172.16.0.2/32" },
        SrcIpRequired = true,
        DstIpRequired = true,
        SrcRoutes = { Route("172.16.0.2/32", "172.16.0.1") },
        DstRoutes = { Route("172.16.0.1/32", "172.16.0.2"), Route("0.0.0.0/0", "1.1.1.1") },
        ExcludedPrefixes = { "10.96.0.0/12" },
        IpNeighbors = { IpNeighbor() },
        ExtraPrefixRequest = { ExtraPrefixRequest() },
        ExtraPrefixes = { "192.168.0.0/24", "192.168.1.0/24" },
        Policies = { PolicyRoute() },
    };

    public static void IPContextWire(WireWriter w) => w
        .String(1, "172.16.0.1/32").String(1, "fd00::1/128")
        .String(2, "172.16.0.2/32")
        .Bool(3, true)
        .Bool(4, true)
        .Message(5, RouteWire("172.16.0.2/32", "172.16.0.1"))
        .Message(6, RouteWire("172.16.0.1/32", "172.16.0.2"))
        .Message(6, RouteWire("0.0.0.0/0", "1.1.1.1"))
        .String(7, "10.96.0.0/12")
        .Message(8, IpNeighborWire)
        .Message(9, ExtraPrefixRequestWire)
        .String(10, "192.168.0.0/24").String(10, "192.168.1.0/24")
        .Message(11, PolicyRouteWire);

    public static DNSConfig DNSConfig() => new()
    {
        DnsServerIps = { "8.8.8.8", "2001:4860:4860::8888" },
        SearchDomains = { "svc.cluster.local" },
    };

    public static void DNSConfigWire(WireWriter w) => w
        .String(1, "8.8.8.8").String(1, "2001:4860:4860::8888")
        .String(2, "svc.cluster.local");

    public static DNSContext DNSContext() => new() { Configs = { DNSConfig() } };

    public static void DNSContextWire(WireWriter w) => w.Message(1, DNSConfigWire);

    public static EthernetContext EthernetContext() => new() { SrcMac = "02:00:00:00:00:01", DstMac = "02:00:00:00:00:02", VlanTag = 100 };

    public static void EthernetContextWire(WireWriter w) => w.String(1, "02:00:00:00:00:01").String(2, "02:00:00:00:00:02").Int32(3, 100);

    public static ConnectionContext ConnectionContext() => new()
    {
        IpContext = IPContext(),
        DnsContext = DNSContext(),
        EthernetContext = EthernetContext(),
        ExtraContext = { ["k"] = "v" },
        MTU = 1446,
    };

    public static void ConnectionContextWire(WireWriter w) => w
        .Message(1, IPContextWire)
        .Message(2, DNSContextWire)
        .Message(3, EthernetContextWire)
        .MapEntry(4, "k", "v")
        .UInt(5, 1446);
}

public class ConnectionContextWireTests
{
    private static WireWriter Expect(Action<WireWriter> build)
    {
        var w = new WireWriter();
        build(w);
        return w;
    }

    [Fact]
    public void IpNeighbor_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.IpNeighbor(), Expect(ConnectionContextSamples.IpNeighborWire));

    [Fact]
    public void Route_nextHop_is_field_2() =>
        WireAssert.Encodes(ConnectionContextSamples.Route("10.0.0.0/8", "10.0.0.1"), Expect(ConnectionContextSamples.RouteWire("10.0.0.0/8", "10.0.0.1")));

    [Fact]
    public void Route_nextHop_alone_is_tag_0x12()
    {
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(new Route { NextHop = "a" });
        Assert.Equal([0x12, 0x01, (byte)'a'], bytes);
    }

    [Fact]
    public void IpFamily_encodes_enum() =>
        WireAssert.Encodes(ConnectionContextSamples.IpFamily(), Expect(ConnectionContextSamples.IpFamilyWire));

    [Fact]
    public void ExtraPrefixRequest_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.ExtraPrefixRequest(), Expect(ConnectionContextSamples.ExtraPrefixRequestWire));

    [Fact]
    public void PolicyRoute_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.PolicyRoute(), Expect(ConnectionContextSamples.PolicyRouteWire));

    [Fact]
    public void IPContext_encodes_all_11_fields() =>
        WireAssert.Encodes(ConnectionContextSamples.IPContext(), Expect(ConnectionContextSamples.IPContextWire));

    [Fact]
    public void DNSConfig_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.DNSConfig(), Expect(ConnectionContextSamples.DNSConfigWire));

    [Fact]
    public void DNSContext_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.DNSContext(), Expect(ConnectionContextSamples.DNSContextWire));

    [Fact]
    public void EthernetContext_encodes() =>
        WireAssert.Encodes(ConnectionContextSamples.EthernetContext(), Expect(ConnectionContextSamples.EthernetContextWire));

    [Fact]
    public void EthernetContext_negative_vlan_tag_is_int32_sign_extended()
    {
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(new EthernetContext { VlanTag = -1 });
        Assert.Equal("18FFFFFFFFFFFFFFFFFF01", Convert.ToHexString(bytes));
    }

    [Fact]
    public void ConnectionContext_encodes_with_map_and_MTU() =>
        WireAssert.Encodes(ConnectionContextSamples.ConnectionContext(), Expect(ConnectionContextSamples.ConnectionContextWire));

    [Fact]
    public void ConnectionContext_MTU_is_field_5_varint()
    {
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(new ConnectionContext { MTU = 1500 });
        Assert.Equal("28DC0B", Convert.ToHexString(bytes));
    }

    [Fact]
    public void ConnectionContext_extra_context_entry_is_key_1_value_2()
    {
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(new ConnectionContext { ExtraContext = { ["a"] = "b" } });
        Assert.Equal("22060A0161120162", Convert.ToHexString(bytes));
    }
}
