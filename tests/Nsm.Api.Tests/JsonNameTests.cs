using Google.Protobuf;
using Nsm.Api.NetworkService;
using Reg = Nsm.Api.Registry;

namespace Nsm.Api.Tests;

public class JsonNameTests
{
    [Theory]
    [InlineData("nextHop", "nextHop")]
    [InlineData("prefix", "prefix")]
    public void Route_json_names(string protoName, string jsonName) =>
        Assert.Equal(jsonName, Route.Descriptor.FindFieldByName(protoName).JsonName);

    [Fact]
    public void ConnectionContext_MTU_json_name_is_uppercase()
    {
        var field = ConnectionContext.Descriptor.FindFieldByName("MTU");
        Assert.Equal(5, field.FieldNumber);
        Assert.Equal("MTU", field.JsonName);
    }

    [Fact]
    public void JsonFormatter_emits_odd_names()
    {
        var json = JsonFormatter.Default.Format(new ConnectionContext
        {
            IpContext = new IPContext { SrcRoutes = { new Route { Prefix = "10.0.0.0/8", NextHop = "10.0.0.1" } } },
            MTU = 1500,
        });

        Assert.Contains("\"nextHop\": \"10.0.0.1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"MTU\": 1500", json, StringComparison.Ordinal);
        Assert.Contains("\"srcRoutes\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ipContext\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonParser_reads_odd_names()
    {
        var ctx = JsonParser.Default.Parse<ConnectionContext>("{\"MTU\": 9000, \"ipContext\": {\"dstRoutes\": [{\"nextHop\": \"1.2.3.4\"}]}}");
        Assert.Equal(9000u, ctx.MTU);
        Assert.Equal("1.2.3.4", ctx.IpContext.DstRoutes[0].NextHop);
    }

    [Theory]
    [InlineData("extra_prefix_request", "extraPrefixRequest")]
    [InlineData("src_ip_addrs", "srcIpAddrs")]
    [InlineData("ip_neighbors", "ipNeighbors")]
    public void IPContext_json_names(string protoName, string jsonName) =>
        Assert.Equal(jsonName, IPContext.Descriptor.FindFieldByName(protoName).JsonName);

    [Theory]
    [InlineData("network_service_labels", "networkServiceLabels")]
    [InlineData("expiration_time", "expirationTime")]
    [InlineData("initial_registration_time", "initialRegistrationTime")]
    [InlineData("path_ids", "pathIds")]
    public void Nse_json_names(string protoName, string jsonName) =>
        Assert.Equal(jsonName, Reg.NetworkServiceEndpoint.Descriptor.FindFieldByName(protoName).JsonName);

    [Fact]
    public void Connection_json_names()
    {
        Assert.Equal("networkServiceEndpointName", Connection.Descriptor.FindFieldByName("network_service_endpoint_name").JsonName);
        Assert.Equal("pathSegments", Nsm.Api.NetworkService.Path.Descriptor.FindFieldByName("path_segments").JsonName);
    }
}
