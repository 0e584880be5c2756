using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Passthrough;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Passthrough;

public class PassthroughClientTests
{
    [Fact]
    public async Task Replaces_labels_and_nse_name_downstream_and_restores_them_upstream()
    {
        var downstream = new CountElement();
        var chain = new NetworkServiceClientChain(
            new MetadataClient(),
            new PassthroughClient(new Dictionary<string, string> { ["app"] = "firewall" }),
            downstream,
            LambdaElement.OnResponse(c => c.NetworkServiceEndpointName = "final-nse"));

        var request = TestExtensions.Request("p");
        request.Connection.Labels["app"] = "client";
        request.Connection.Labels["podName"] = "nsc-1";
        request.Connection.NetworkServiceEndpointName = "passthrough-nse";

        var conn = await chain.RequestAsync(request, new NsmContext());
        var sent = downstream.SeenRequests.Last();
        Assert.Equal(new Dictionary<string, string> { ["app"] = "firewall" }, sent.Connection.Labels);
        Assert.Equal(string.Empty, sent.Connection.NetworkServiceEndpointName);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "client", ["podName"] = "nsc-1" }, conn.Labels);
        Assert.Equal("passthrough-nse", conn.NetworkServiceEndpointName);
        Assert.Equal("passthrough-nse", request.Connection.NetworkServiceEndpointName);

        await chain.RequestAsync(request, new NsmContext());
        Assert.Equal("final-nse", downstream.SeenRequests.Last().Connection.NetworkServiceEndpointName);

        await chain.CloseAsync(conn, new NsmContext());
        var closed = downstream.SeenCloses.Single();
        Assert.Equal("final-nse", closed.NetworkServiceEndpointName);
        Assert.Equal("firewall", closed.Labels["app"]);
        Assert.Equal("passthrough-nse", conn.NetworkServiceEndpointName);
    }

    [Fact]
    public async Task Labels_are_restored_on_failure()
    {
        var chain = new NetworkServiceClientChain(
            new ReplaceLabelsClient(new Dictionary<string, string> { ["x"] = "y" }), new InjectErrorElement());
        var request = TestExtensions.Request();
        request.Connection.Labels["a"] = "b";
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.RequestAsync(request, new NsmContext()).AsTask());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b" }, request.Connection.Labels);
    }
}
