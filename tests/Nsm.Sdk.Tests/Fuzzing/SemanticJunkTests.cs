using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>Well-formed Requests with nonsense in them (the fuzzer's well-formed finds, pinned): INVALID_ARGUMENT with a clear message, never UNKNOWN.</summary>
[Collection("fuzz")]
public sealed class SemanticJunkTests
{
    public static TheoryData<string> Cases => ["no connection", "empty id", "no mechanism", "bad CIDR", "bad route", "bad excluded prefix"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Junk_is_INVALID_ARGUMENT_at_the_endpoint(string junk)
    {
        var (domain, _, _) = await FuzzHarness.DomainAsync();
        await using (domain)
        {
            var nse = domain.Nodes[0].Endpoints["fuzz-nse-0"];
            using var channel = NsmGrpcChannels.Create(nse.Url);
            var client = new NetworkService.NetworkServiceClient(channel);

            var e = await Assert.ThrowsAsync<RpcException>(() => client.RequestAsync(Junk(junk), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

            Assert.True(e.StatusCode == StatusCode.InvalidArgument, $"{junk}: {e.StatusCode} {e.Status.Detail}");
            Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        }
    }

    [Fact]
    public async Task A_timestamp_out_of_range_is_INVALID_ARGUMENT_at_the_registry()
    {
        var (domain, _, _) = await FuzzHarness.DomainAsync();
        await using (domain)
        {
            using var channel = NsmGrpcChannels.Create(domain.Registry!.Url);
            var client = new Nsm.Api.Registry.NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
            var nse = Nsm.Sdk.Api.EndpointRecord.Create("fuzz-nse-time", "unix:///tmp/nowhere.sock", [FuzzHarness.Service], null);
            nse.ExpirationTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_796_450_333, Nanos = 1_002_327_256 };

            var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterAsync(nse, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains("expiration_time", e.Status.Detail, StringComparison.Ordinal);
        }
    }

    private static NetworkServiceRequest Junk(string junk)
    {
        var request = SandboxClient.DefaultRequest(FuzzHarness.Service, "junk");
        switch (junk)
        {
            case "no connection":
                request.Connection = null;
                break;
            case "empty id":
                request.Connection.Id = string.Empty;
                break;
            case "no mechanism":
                request.MechanismPreferences.Clear();
                break;
            case "bad CIDR":
                request.Connection.Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "10.0.0.1/99" } } };
                break;
            case "bad route":
                request.Connection.Context = new ConnectionContext { IpContext = new IPContext { SrcRoutes = { new Route { Prefix = "not a prefix" } } } };
                break;
            default:
                request.Connection.Context = new ConnectionContext { IpContext = new IPContext { ExcludedPrefixes = { "300.1.1.1/24" } } };
                break;
        }

        return request;
    }
}
