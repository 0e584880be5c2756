using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.TrimPath;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.TrimPath;

public class TrimPathTests
{
    [Fact]
    public async Task Endpoint_TrimsPathToItsOwnSegment()
    {
        var chain = new NetworkServiceServerChain(new MetadataServer(), new TrimPathServer(), Downstream());
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(["nsc", "nsmgr"], conn.Path.PathSegments.Select(s => s.Name));
    }

    [Fact]
    public async Task Passthrough_KeepsDownstreamPath()
    {
        var chain = new NetworkServiceServerChain(
            new MetadataServer(),
            new TrimPathServer(),
            new NetworkServiceClientChain(new TrimPathClient()).AsServer(),
            Downstream());
        var conn = await chain.RequestAsync(Request(), new NsmContext());
        Assert.Equal(["nsc", "nsmgr", "fwd", "nse"], conn.Path.PathSegments.Select(s => s.Name));
    }

    [Fact]
    public async Task Passthrough_FlagIsPerRequest()
    {
        var useClient = true;
        var chain = new NetworkServiceServerChain(
            new MetadataServer(),
            new TrimPathServer(),
            new LambdaElement((r, c, n) => useClient ? new TrimPathClient().RequestAsync(r, c, n) : n.RequestAsync(r, c)),
            Downstream());
        Assert.Equal(4, (await chain.RequestAsync(Request(), new NsmContext())).Path.PathSegments.Count);
        useClient = false;
        Assert.Equal(2, (await chain.RequestAsync(Request(), new NsmContext())).Path.PathSegments.Count);
    }

    private static NetworkServiceRequest Request()
    {
        var request = TestExtensions.Request("mgr-id");
        request.Connection.Path = new Nsm.Api.NetworkService.Path
        {
            Index = 1,
            PathSegments = { new PathSegment { Name = "nsc", Id = "a" }, new PathSegment { Name = "nsmgr", Id = "mgr-id" } },
        };
        return request;
    }

    private static LambdaElement Downstream() => LambdaElement.OnResponse(c =>
    {
        c.Path.PathSegments.Add(new PathSegment { Name = "fwd", Id = "f" });
        c.Path.PathSegments.Add(new PathSegment { Name = "nse", Id = "n" });
    });
}
