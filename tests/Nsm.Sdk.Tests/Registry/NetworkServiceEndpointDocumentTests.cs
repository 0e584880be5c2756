using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class NetworkServiceEndpointDocumentTests
{
    private static NetworkServiceEndpoint Sample()
    {
        var nse = Nse("nse-1", "svc", "app", "x", "nodeName", "node-1");
        nse.NetworkServiceNames.Add("other");
        nse.NetworkServiceLabels["other"] = new NetworkServiceLabels();
        nse.ExpirationTime = new Timestamp { Seconds = 1700000000, Nanos = 5 };
        nse.InitialRegistrationTime = new Timestamp { Seconds = 1690000000 };
        nse.PathIds.Add(["spiffe://a", "spiffe://b"]);
        return nse;
    }

    [Fact]
    public void SpecJsonIsGoSnakeCase()
    {
        Assert.Equal(
            """{"name":"nse-1","network_service_names":["svc","other"],"network_service_labels":{"other":{},"svc":{"labels":{"app":"x","nodeName":"node-1"}}},"url":"tcp://nse-1:5000","expiration_time":{"seconds":1700000000,"nanos":5},"initial_registration_time":{"seconds":1690000000},"path_ids":["spiffe://a","spiffe://b"]}""",
            NetworkServiceEndpointDocument.ToSpecJson(Sample()));
    }

    [Fact]
    public void SpecAndCrdJsonRoundTrip()
    {
        var nse = Sample();
        Assert.Equal(nse, NetworkServiceEndpointDocument.Parse(NetworkServiceEndpointDocument.ToSpecJson(nse)));
        var crd = NetworkServiceEndpointDocument.ToCrdJson(nse);
        Assert.Contains("\"kind\":\"NetworkServiceEndpoint\"", crd, StringComparison.Ordinal);
        Assert.Equal(nse, NetworkServiceEndpointDocument.Parse(crd));
    }

    [Fact]
    public void ReadsCrdYamlAndCamelCase()
    {
        const string yaml = """
            apiVersion: networkservicemesh.io/v1
            kind: NetworkServiceEndpoint
            metadata:
              name: nse-1
            spec:
              networkServiceNames: [svc]
              networkServiceLabels:
                svc:
                  labels: {app: x}
              url: tcp://1.2.3.4:5001
              expirationTime: "2023-11-14T22:13:20Z"
            """;
        var nse = NetworkServiceEndpointDocument.Parse(yaml);
        Assert.Equal("nse-1", nse.Name);
        Assert.Equal(["svc"], nse.NetworkServiceNames);
        Assert.Equal(Labels("app", "x"), nse.NetworkServiceLabels["svc"].Labels);
        Assert.Equal(1700000000, nse.ExpirationTime.Seconds);
        Assert.Null(nse.InitialRegistrationTime);
    }

    [Fact]
    public void AcceptsLabelMapWithoutWrapper()
    {
        var nse = NetworkServiceEndpointDocument.Parse("name: n\nnetwork_service_labels:\n  svc: {app: x}\n  empty:\n");
        Assert.Equal(Labels("app", "x"), nse.NetworkServiceLabels["svc"].Labels);
        Assert.Empty(nse.NetworkServiceLabels["empty"].Labels);
    }

    [Theory]
    [InlineData("name: n\nexpiration_time: {seconds: 1, nanos: 1000000000}\n")]
    [InlineData("name: n\nexpiration_time: soon\n")]
    [InlineData("name: n\nnetwork_service_names: {a: b}\n")]
    [InlineData("kind: NetworkService\n")]
    public void RejectsMalformed(string text)
    {
        Assert.Throws<RegistryDocumentException>(() => NetworkServiceEndpointDocument.Parse(text));
    }
}
