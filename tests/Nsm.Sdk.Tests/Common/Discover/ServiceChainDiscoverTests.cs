using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.RoundRobin;
using Nsm.Sdk.Common.UpdatePath;
using Nsm.Sdk.Core;
using Nsm.Sdk.Api;
using Nsm.Sdk.Registry.Matching;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Common.Discover;

/// <summary>The guide's secure-path chain, hop by hop, as nsmgrs discover it along a continued path.</summary>
public class ServiceChainDiscoverTests
{
    private readonly FakeRegistry _registry = new();

    public ServiceChainDiscoverTests()
    {
        _registry.Services.Add(NetworkServiceDocument.Parse("""
            name: secure-path
            payload: IP
            matches:
              - sourceSelector: {security: high}
                route:
                  - via: firewall-service
                  - via: ids-service
                  - destination: application-network
            """));
        _registry.Endpoints.Add(FakeRegistry.Nse("firewall-1", "firewall-service", "unix:///fw.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("ids-1", "ids-service", "unix:///ids.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("app-1", "application-network", "unix:///app.sock"));
        _registry.Endpoints.Add(FakeRegistry.Nse("app-elsewhere", "other-network", "unix:///other.sock"));
    }

    [Fact]
    public async Task Each_hop_goes_to_the_next_service_of_the_chain_and_the_path_names_them_in_order()
    {
        var fromClient = await NsmgrAsync(ClientRequest(("security", "high")));
        Assert.Equal("firewall-1", fromClient.NetworkServiceEndpointName);
        Assert.Equal("IP", fromClient.Payload);

        var fromFirewall = await NsmgrAsync(Onward(fromClient, "firewall-1"));
        Assert.Equal("ids-1", fromFirewall.NetworkServiceEndpointName);

        var fromIds = await NsmgrAsync(Onward(fromFirewall, "ids-1"));
        Assert.Equal("app-1", fromIds.NetworkServiceEndpointName);

        var markers = fromIds.Path.PathSegments.Select(ServiceChain.ReadMarker).OfType<ServiceChainMark>().Select(m => (m.NetworkService, m.Match, m.Hop)).ToList();
        Assert.Equal([("secure-path", 0, 0), ("secure-path", 0, 1), ("secure-path", 0, 2)], markers);
        Assert.Equal(["nsc", "nsmgr", "firewall-1", "nsmgr", "ids-1", "nsmgr"], fromIds.Path.PathSegments.Select(s => s.Name));
    }

    [Fact]
    public async Task A_refresh_from_the_client_starts_at_the_first_hop_again_although_its_path_holds_later_markers()
    {
        var fromClient = await NsmgrAsync(ClientRequest(("security", "high")));
        var fromFirewall = await NsmgrAsync(Onward(fromClient, "firewall-1"));

        // The client's next Request carries the whole path it got back, index at its own segment, endpoint cleared (reselect).
        var again = new NetworkServiceRequest { Connection = fromFirewall.Clone() };
        again.Connection.Path.Index = 0;
        again.Connection.Id = again.Connection.Path.PathSegments[0].Id;
        again.Connection.NetworkServiceEndpointName = string.Empty;
        again.Connection.Labels.Add("security", "high");
        Assert.Equal("firewall-1", (await NsmgrAsync(again)).NetworkServiceEndpointName);
    }

    [Fact]
    public async Task A_client_no_match_selects_is_refused_with_its_labels_named()
    {
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await NsmgrAsync(ClientRequest(("security", "low"))));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("no match selects the client's labels {security=low}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hop_without_endpoints_is_named_in_the_error()
    {
        _registry.Endpoints.RemoveAll(e => e.Name == "ids-1");
        var fromClient = await NsmgrAsync(ClientRequest(("security", "high")));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await NsmgrAsync(Onward(fromClient, "firewall-1")));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("no endpoint of ids-service for chain hop 2 of 3 (via: ids-service)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_destination_requesting_the_chain_again_fails_instead_of_looping()
    {
        var conn = await NsmgrAsync(ClientRequest(("security", "high")));
        conn = await NsmgrAsync(Onward(conn, "firewall-1"));
        conn = await NsmgrAsync(Onward(conn, "ids-1"));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await NsmgrAsync(Onward(conn, "app-1")));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
    }

    private async Task<Connection> NsmgrAsync(NetworkServiceRequest request)
    {
        var chain = new NetworkServiceServerChain(new UpdatePathServer("nsmgr"), new MetadataServer(), new DiscoverServer(_registry, _registry), new RoundRobinServer());
        return await chain.RequestAsync(request, new NsmContext());
    }

    private static NetworkServiceRequest ClientRequest(params (string Key, string Value)[] labels)
    {
        var conn = new Connection { Id = "nsc-id", NetworkService = "secure-path", Path = new Nsm.Api.NetworkService.Path { PathSegments = { new PathSegment { Name = "nsc", Id = "nsc-id" } } } };
        foreach (var (k, v) in labels)
        {
            conn.Labels[k] = v;
        }

        return new NetworkServiceRequest { Connection = conn };
    }

    // What a passthrough endpoint sends on: the same service, the path continued after its own segment, no endpoint name.
    private static NetworkServiceRequest Onward(Connection received, string endpointName)
    {
        var conn = received.Clone();
        conn.Path.PathSegments.Add(new PathSegment { Name = endpointName, Id = endpointName + "-id" });
        conn.Path.Index = (uint)conn.Path.PathSegments.Count - 1;
        conn.Id = endpointName + "-id";
        conn.NetworkServiceEndpointName = string.Empty;
        conn.Labels.Clear();
        return new NetworkServiceRequest { Connection = conn };
    }
}
