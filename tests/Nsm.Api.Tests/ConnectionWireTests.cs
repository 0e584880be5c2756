using Google.Protobuf.WellKnownTypes;
using Nsm.Api.NetworkService;

namespace Nsm.Api.Tests;

/// <summary>Samples of every connection / networkservice message, with their hand-written encodings.</summary>
internal static class ConnectionSamples
{
    public const long Seconds = 1_700_000_000;
    public const int Nanos = 123_456_789;

    public static Mechanism Mechanism(string type = "KERNEL") => new()
    {
        Cls = "LOCAL",
        Type = type,
        Parameters = { ["name"] = "nsm-1" },
    };

    public static Action<WireWriter> MechanismWire(string type = "KERNEL") => w => w
        .String(1, "LOCAL")
        .String(2, type)
        .MapEntry(3, "name", "nsm-1");

    public static PathSegment PathSegment(string name, string id) => new()
    {
        Name = name,
        Id = id,
        Token = "jwt-" + name,
        Expires = new Timestamp { Seconds = Seconds, Nanos = Nanos },
        Metrics = { ["server_interface"] = "nsm-1" },
    };

    public static Action<WireWriter> PathSegmentWire(string name, string id) => w => w
        .String(1, name)
        .String(2, id)
        .String(3, "jwt-" + name)
        .Timestamp(4, Seconds, Nanos)
        .MapEntry(5, "server_interface", "nsm-1");

    public static Nsm.Api.NetworkService.Path Path() => new()
    {
        Index = 1,
        PathSegments = { PathSegment("nsc", "id-0"), PathSegment("nsmgr", "id-1") },
    };

    public static void PathWire(WireWriter w) => w
        .UInt(1, 1)
        .Message(2, PathSegmentWire("nsc", "id-0"))
        .Message(2, PathSegmentWire("nsmgr", "id-1"));

    public static Connection Connection() => new()
    {
        Id = "id-1",
        NetworkService = "my-svc",
        Mechanism = Mechanism(),
        Context = ConnectionContextSamples.ConnectionContext(),
        Labels = { ["app"] = "foo" },
        Path = Path(),
        NetworkServiceEndpointName = "nse-1",
        Payload = "ETHERNET",
        State = State.ReselectRequested,
    };

    public static void ConnectionWire(WireWriter w) => w
        .String(1, "id-1")
        .String(2, "my-svc")
        .Message(3, MechanismWire())
        .Message(4, ConnectionContextSamples.ConnectionContextWire)
        .MapEntry(5, "app", "foo")
        .Message(6, PathWire)
        .String(7, "nse-1")
        .String(8, "ETHERNET")
        .Enum(9, 3);
}

public class ConnectionWireTests
{
    private static WireWriter Expect(Action<WireWriter> build)
    {
        var w = new WireWriter();
        build(w);
        return w;
    }

    [Fact]
    public void Mechanism_encodes() =>
        WireAssert.Encodes(ConnectionSamples.Mechanism(), Expect(ConnectionSamples.MechanismWire()));

    [Fact]
    public void PathSegment_encodes_with_timestamp_and_metrics() =>
        WireAssert.Encodes(ConnectionSamples.PathSegment("nsc", "id-0"), Expect(ConnectionSamples.PathSegmentWire("nsc", "id-0")));

    [Fact]
    public void Path_encodes() =>
        WireAssert.Encodes(ConnectionSamples.Path(), Expect(ConnectionSamples.PathWire));

    [Fact]
    public void Connection_encodes_all_9_fields() =>
        WireAssert.Encodes(ConnectionSamples.Connection(), Expect(ConnectionSamples.ConnectionWire));

    [Theory]
    [InlineData(State.Up, 0)]
    [InlineData(State.Down, 1)]
    [InlineData(State.RefreshRequested, 2)]
    [InlineData(State.ReselectRequested, 3)]
    public void State_numbers(State state, int number) => Assert.Equal(number, (int)state);

    [Theory]
    [InlineData(ConnectionEventType.InitialStateTransfer, 0)]
    [InlineData(ConnectionEventType.Update, 1)]
    [InlineData(ConnectionEventType.Delete, 2)]
    public void ConnectionEventType_numbers(ConnectionEventType type, int number) => Assert.Equal(number, (int)type);

    [Fact]
    public void ConnectionEvent_encodes_message_valued_map()
    {
        var ev = new ConnectionEvent
        {
            Type = ConnectionEventType.Delete,
            Connections = { ["id-1"] = ConnectionSamples.Connection() },
        };

        WireAssert.Encodes(ev, Expect(w => w
            .Enum(1, 2)
            .MapEntry(2, "id-1", ConnectionSamples.ConnectionWire)));
    }

    [Fact]
    public void MonitorScopeSelector_encodes()
    {
        var selector = new MonitorScopeSelector
        {
            PathSegments = { ConnectionSamples.PathSegment("nsc", "id-0") },
            NetworkServices = { "svc-a", "svc-b" },
        };

        WireAssert.Encodes(selector, Expect(w => w
            .Message(1, ConnectionSamples.PathSegmentWire("nsc", "id-0"))
            .String(2, "svc-a")
            .String(2, "svc-b")));
    }

    [Fact]
    public void NetworkServiceRequest_encodes()
    {
        var request = new NetworkServiceRequest
        {
            Connection = ConnectionSamples.Connection(),
            MechanismPreferences = { ConnectionSamples.Mechanism(), ConnectionSamples.Mechanism("MEMIF") },
        };

        WireAssert.Encodes(request, Expect(w => w
            .Message(1, ConnectionSamples.ConnectionWire)
            .Message(2, ConnectionSamples.MechanismWire())
            .Message(2, ConnectionSamples.MechanismWire("MEMIF"))));
    }

    [Fact]
    public void Timestamp_is_seconds_1_nanos_2()
    {
        var seg = new PathSegment { Expires = new Timestamp { Seconds = 1, Nanos = 2 } };
        Assert.Equal("220408011002", Convert.ToHexString(Google.Protobuf.MessageExtensions.ToByteArray(seg)));
    }
}
