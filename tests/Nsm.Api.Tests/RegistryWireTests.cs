using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;

namespace Nsm.Api.Tests;

internal static class RegistrySamples
{
    public static NetworkServiceLabels Labels() => new() { Labels = { ["app"] = "firewall" } };

    public static void LabelsWire(WireWriter w) => w.MapEntry(1, "app", "firewall");

    public static NetworkServiceEndpoint Nse() => new()
    {
        Name = "nse-1",
        NetworkServiceNames = { "svc-a", "svc-b" },
        NetworkServiceLabels = { ["svc-a"] = Labels() },
        Url = "tcp://10.0.0.1:5001",
        ExpirationTime = new Timestamp { Seconds = 1_700_000_060, Nanos = 500 },
        InitialRegistrationTime = new Timestamp { Seconds = 1_700_000_000, Nanos = 7 },
        PathIds = { "spiffe://example.org/nse", "spiffe://example.org/nsmgr" },
    };

    public static void NseWire(WireWriter w) => w
        .String(1, "nse-1")
        .String(2, "svc-a").String(2, "svc-b")
        .MapEntry(3, "svc-a", LabelsWire)
        .String(4, "tcp://10.0.0.1:5001")
        .Timestamp(5, 1_700_000_060, 500)
        .Timestamp(6, 1_700_000_000, 7)
        .String(7, "spiffe://example.org/nse").String(7, "spiffe://example.org/nsmgr");

    public static Destination Destination(uint weight) => new()
    {
        DestinationSelector = { ["app"] = "firewall" },
        Weight = weight,
    };

    public static Action<WireWriter> DestinationWire(uint weight) => w => w
        .MapEntry(1, "app", "firewall")
        .UInt(2, weight);

    public static Nsm.Api.Registry.Metadata Metadata() => new() { Labels = { ["p2p"] = "true" } };

    public static void MetadataWire(WireWriter w) => w.MapEntry(1, "p2p", "true");

    public static Match Match() => new()
    {
        SourceSelector = { ["app"] = "client" },
        Routes = { Destination(1), Destination(2) },
        Fallthrough = true,
        Metadata = Metadata(),
    };

    public static void MatchWire(WireWriter w) => w
        .MapEntry(1, "app", "client")
        .Message(2, DestinationWire(1))
        .Message(2, DestinationWire(2))
        .Bool(3, true)
        .Message(4, MetadataWire);

    public static Nsm.Api.Registry.NetworkService Ns() => new()
    {
        Name = "svc-a",
        Payload = "IP",
        Matches = { Match() },
        PathIds = { "spiffe://example.org/nsc" },
    };

    public static void NsWire(WireWriter w) => w
        .String(1, "svc-a")
        .String(2, "IP")
        .Message(3, MatchWire)
        .String(4, "spiffe://example.org/nsc");
}

public class RegistryWireTests
{
    private static WireWriter Expect(Action<WireWriter> build)
    {
        var w = new WireWriter();
        build(w);
        return w;
    }

    [Fact]
    public void NetworkServiceLabels_encodes() => WireAssert.Encodes(RegistrySamples.Labels(), Expect(RegistrySamples.LabelsWire));

    [Fact]
    public void NetworkServiceEndpoint_encodes_all_7_fields() => WireAssert.Encodes(RegistrySamples.Nse(), Expect(RegistrySamples.NseWire));

    [Fact]
    public void Destination_encodes() => WireAssert.Encodes(RegistrySamples.Destination(5), Expect(RegistrySamples.DestinationWire(5)));

    [Fact]
    public void Metadata_encodes() => WireAssert.Encodes(RegistrySamples.Metadata(), Expect(RegistrySamples.MetadataWire));

    [Fact]
    public void Match_encodes() => WireAssert.Encodes(RegistrySamples.Match(), Expect(RegistrySamples.MatchWire));

    [Fact]
    public void NetworkService_encodes() => WireAssert.Encodes(RegistrySamples.Ns(), Expect(RegistrySamples.NsWire));

    [Fact]
    public void NetworkServiceQuery_encodes() =>
        WireAssert.Encodes(
            new NetworkServiceQuery { NetworkService = RegistrySamples.Ns(), Watch = true },
            Expect(w => w.Message(1, RegistrySamples.NsWire).Bool(2, true)));

    [Fact]
    public void NetworkServiceEndpointQuery_encodes() =>
        WireAssert.Encodes(
            new NetworkServiceEndpointQuery { NetworkServiceEndpoint = RegistrySamples.Nse(), Watch = true },
            Expect(w => w.Message(1, RegistrySamples.NseWire).Bool(2, true)));

    [Fact]
    public void NetworkServiceResponse_encodes() =>
        WireAssert.Encodes(
            new NetworkServiceResponse { NetworkService = RegistrySamples.Ns(), Deleted = true },
            Expect(w => w.Message(1, RegistrySamples.NsWire).Bool(2, true)));

    [Fact]
    public void NetworkServiceEndpointResponse_encodes() =>
        WireAssert.Encodes(
            new NetworkServiceEndpointResponse { NetworkServiceEndpoint = RegistrySamples.Nse(), Deleted = true },
            Expect(w => w.Message(1, RegistrySamples.NseWire).Bool(2, true)));
}
