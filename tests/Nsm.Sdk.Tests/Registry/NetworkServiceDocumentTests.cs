using Nsm.Sdk.Api;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class NetworkServiceDocumentTests
{
    // The user guide's examples, verbatim.
    private const string GuideIsolated = """
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: isolated-network
          namespace: default
        spec:
          payload: IP
          matches:
            - sourceSelector:
                app: client
              destinationSelector:
                app: server
              route:
                - destination: 10.100.1.0/24
        """;

    private const string GuideL2 = """
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: l2-bridge
          namespace: default
        spec:
          payload: ETHERNET
          matches:
            - sourceSelector:
                layer: "2"
              route: []
        """;

    private const string GuideCrossCluster = """
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: cross-cluster-service
        spec:
          payload: IP
          matches:
            - sourceSelector: {}
              destinationSelector:
                cluster: "cluster-b"
              route:
                - destination: 10.150.0.0/24
        """;

    private const string GuideSecurePath = """
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: secure-path
        spec:
          payload: IP
          matches:
            - sourceSelector:
                security: "high"
              route:
                - via: firewall-service
                - via: ids-service
                - destination: application-network
        """;

    [Fact]
    public void GuideIsolatedNetwork()
    {
        var warnings = new List<string>();
        var ns = NetworkServiceDocument.Parse(GuideIsolated, warnings);
        var expected = Ns("isolated-network", MatchOf(Labels("app", "client"), [Labels("app", "server")]));
        Assert.Equal(expected, ns);
        Assert.Contains(warnings, w => w.Contains("10.100.1.0/24", StringComparison.Ordinal));

        NetworkServiceEndpoint[] nses = [Nse("client-side", "isolated-network", "app", "client"), Nse("srv", "isolated-network", "app", "server")];
        Assert.Equal("srv", Assert.Single(EndpointCandidates.Select(Labels("app", "client"), ns, nses)).Name);
        Assert.Throws<EndpointCandidatesNotFoundException>(() => EndpointCandidates.Select(Labels("app", "other"), ns, nses));
    }

    [Fact]
    public void GuideL2BridgeEmptyRouteSelectsAnyEndpoint()
    {
        var ns = NetworkServiceDocument.Parse(GuideL2);
        Assert.Equal("l2-bridge", ns.Name);
        Assert.Equal("ETHERNET", ns.Payload);
        var match = Assert.Single(ns.Matches);
        Assert.Equal(Labels("layer", "2"), match.SourceSelector);
        Assert.Empty(Assert.Single(match.Routes).DestinationSelector);

        NetworkServiceEndpoint[] nses = [Nse("bridge", "l2-bridge")];
        Assert.Single(EndpointCandidates.Select(Labels("layer", "2"), ns, nses));
    }

    [Fact]
    public void GuideCrossClusterService()
    {
        var ns = NetworkServiceDocument.Parse(GuideCrossCluster);
        Assert.Equal(Ns("cross-cluster-service", MatchOf(Labels(), [Labels("cluster", "cluster-b")])), ns);
    }

    [Fact]
    public void GuideSecurePathScalarHopsMakeAChainInOrder()
    {
        var warnings = new List<string>();
        var ns = NetworkServiceDocument.Parse(GuideSecurePath, warnings);
        Assert.Empty(warnings);
        var match = Assert.Single(ns.Matches);
        Assert.Equal(Labels("security", "high"), match.SourceSelector);
        Assert.Equal(
            ["via: firewall-service", "via: ids-service", "destination: application-network"],
            ServiceChain.Hops(match).Select(h => h.ToString()));

        // The chain travels as plain routes: the CRD JSON round trip keeps it.
        var again = NetworkServiceDocument.Parse(NetworkServiceDocument.ToCrdJson(ns));
        Assert.Equal(ns, again);
    }

    [Fact]
    public void GuideRouteItemsWithSelectorMappings()
    {
        const string yaml = """
            name: chain
            matches:
              - sourceSelector: {app: nsc}
                destinationSelector: {zone: a}
                route:
                  - via: {app: firewall}
                  - destination:
                      destinationSelector: {app: gateway}
                  - destination:
                    destinationSelector: {app: v0-style}
            """;
        var ns = NetworkServiceDocument.Parse(yaml);
        var routes = Assert.Single(ns.Matches).Routes;
        Assert.Equal(3, routes.Count);
        Assert.Equal(Labels("zone", "a", "app", "firewall"), routes[0].DestinationSelector);
        Assert.Equal(Labels("zone", "a", "app", "gateway"), routes[1].DestinationSelector);
        Assert.Equal(Labels("zone", "a", "app", "v0-style"), routes[2].DestinationSelector);
    }

    [Fact]
    public void UpstreamSnakeCaseForm()
    {
        const string yaml = """
            name: my-service
            payload: ETHERNET
            matches:
              - source_selector:
                  app: a
                routes:
                  - destination_selector:
                      color: blue
                    weight: 3
                  - destination_selector:
                      nodeName: "{{.nodeName}}"
                fallthrough: true
              - metadata:
                  labels:
                    p2p: "true"
              - metadata: {}
            path_ids: [id-1]
            """;
        var ns = NetworkServiceDocument.Parse(yaml);
        var expected = Ns("my-service",
            MatchOf(Labels("app", "a"), [Labels("color", "blue"), Labels("nodeName", "{{.nodeName}}")], fallthrough: true),
            MatchOf(metadata: Labels("p2p", "true")),
            MatchOf(metadata: Labels()));
        expected.Payload = "ETHERNET";
        expected.Matches[0].Routes[0].Weight = 3;
        expected.PathIds.Add("id-1");
        Assert.Equal(expected, ns);
        Assert.NotNull(ns.Matches[2].Metadata);
    }

    [Fact]
    public void UpstreamRoutesEmptyKeepsUpstreamSemantics()
    {
        var ns = NetworkServiceDocument.Parse("name: s\nmatches:\n  - source_selector: {a: b}\n    routes: []\n");
        Assert.Empty(Assert.Single(ns.Matches).Routes);
    }

    [Fact]
    public void CamelCaseProtoJson()
    {
        const string json = """
            {"name":"svc","payload":"IP","matches":[{"sourceSelector":{"app":"a"},
             "routes":[{"destinationSelector":{"color":"red"}}],"fallthrough":true,"metadata":{"labels":{"vl3":"true"}}}],
             "pathIds":["x"]}
            """;
        var ns = NetworkServiceDocument.Parse(json);
        var expected = Ns("svc", MatchOf(Labels("app", "a"), [Labels("color", "red")], true, Labels("vl3", "true")));
        expected.PathIds.Add("x");
        Assert.Equal(expected, ns);
    }

    [Fact]
    public void CrdObjectJsonRoundTrip()
    {
        var ns = Ns("svc",
            MatchOf(Labels("b", "2", "a", "1"), [Labels("color", "red")], fallthrough: true),
            MatchOf(metadata: Labels()));
        ns.PathIds.Add("spiffe://x");
        var spec = NetworkServiceDocument.ToSpecJson(ns);
        Assert.Equal(
            """{"name":"svc","payload":"IP","matches":[{"source_selector":{"a":"1","b":"2"},"routes":[{"destination_selector":{"color":"red"}}],"fallthrough":true},{"metadata":{}}],"path_ids":["spiffe://x"]}""",
            spec);
        Assert.Equal(ns, NetworkServiceDocument.Parse(spec));

        var crd = NetworkServiceDocument.ToCrdJson(ns);
        Assert.StartsWith("""{"apiVersion":"networkservicemesh.io/v1","kind":"NetworkService","metadata":{"name":"svc"},"spec":{""", crd, StringComparison.Ordinal);
        Assert.Equal(ns, NetworkServiceDocument.Parse(crd));
    }

    [Fact]
    public void CrdMetadataNameWinsOverSpecName()
    {
        var warnings = new List<string>();
        var ns = NetworkServiceDocument.Parse("kind: NetworkService\nmetadata: {name: a}\nspec: {name: b}\n", warnings);
        Assert.Equal("a", ns.Name);
        Assert.Single(warnings);
    }

    [Fact]
    public void MultiDocumentYaml()
    {
        var all = NetworkServiceDocument.ParseAll(GuideIsolated + "\n---\n" + GuideL2);
        Assert.Equal(["isolated-network", "l2-bridge"], all.Select(n => n.Name));
        Assert.Throws<RegistryDocumentException>(() => NetworkServiceDocument.Parse(GuideIsolated + "\n---\n" + GuideL2));
    }

    [Theory]
    [InlineData("kind: NetworkServiceEndpoint\nmetadata: {name: a}\n")]
    [InlineData("name: a\nmatches: {x: 1}\n")]
    [InlineData("name: a\nmatches:\n  - fallthrough: maybe\n")]
    [InlineData("name: a\nmatches:\n  - source_selector: {a: [1]}\n")]
    [InlineData("name: a\nmatches:\n  - source_selector: {a: 1}\n    sourceSelector: {a: 1}\n")]
    [InlineData("name: [unclosed\n")]
    [InlineData("{\"name\": ")]
    [InlineData("- a\n- b\n")]
    public void RejectsMalformedDocuments(string text)
    {
        Assert.Throws<RegistryDocumentException>(() => NetworkServiceDocument.Parse(text));
    }

    [Fact]
    public void UnknownKeysAreReported()
    {
        var warnings = new List<string>();
        NetworkServiceDocument.Parse("name: a\nfoo: 1\nmatches:\n  - bar: 2\n", warnings);
        Assert.Equal(2, warnings.Count);
    }
}
