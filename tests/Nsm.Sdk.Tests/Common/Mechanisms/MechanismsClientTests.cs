using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

public class MechanismsClientTests
{
    private static NetworkServiceRequest Request(params Mechanism[] preferences)
    {
        var request = TestExtensions.Request("conn", "svc");
        request.Connection.Path = new ApiPath { Index = 0, PathSegments = { new PathSegment { Name = "nsc", Id = "conn" } } };
        request.MechanismPreferences.Add(preferences);
        return request;
    }

    [Fact]
    public async Task Passes_full_preferences_unchanged_and_tries_types_in_order()
    {
        var seen = new List<string>();
        var downstream = new CountElement();
        var client = new MechanismsClient(new Dictionary<string, INetworkServiceClient>
        {
            [KernelMechanism.MechanismType] = LambdaElement.CheckRequest((_, _) => seen.Add("kernel")),
            [MemifMechanism.MechanismType] = new LambdaElement((_, _, _) =>
            {
                seen.Add("memif");
                throw new NsmStatusException(StatusCode.Unavailable, "no memif");
            }),
        });
        var chain = new NetworkServiceClientChain(client, downstream, LambdaElement.OnResponse(c =>
        {
            c.Mechanism = KernelMechanism.New("file:///x");
            c.Mechanism.Parameters["name"] = "eth-x";
        }));
        var conn = await chain.RequestAsync(
            Request(MemifMechanism.New("/s"), KernelMechanism.New("file:///a"), KernelMechanism.New("file:///b")), new NsmContext());
        Assert.Equal(["memif", "kernel"], seen);
        var sent = downstream.SeenRequests.Single();
        Assert.Null(sent.Connection.Mechanism);
        Assert.Equal(3, sent.MechanismPreferences.Count);
        Assert.Equal("KERNEL/eth-x", conn.Path.PathSegments[0].Metrics["client_interface"]);
    }

    [Fact]
    public async Task Never_calls_next_by_itself_and_rejects_unknown_type()
    {
        var after = new CountElement();
        var client = new MechanismsClient(new Dictionary<string, INetworkServiceClient>
        {
            [KernelMechanism.MechanismType] = new LambdaElement((r, _, _) => new ValueTask<Connection>(r.Connection)),
        });
        var chain = new NetworkServiceClientChain(client, after);
        await chain.RequestAsync(Request(KernelMechanism.New("file:///a")), new NsmContext());
        Assert.Equal(0, after.Requests);

        var request = Request();
        request.Connection.Mechanism = VxlanMechanism.New(System.Net.IPAddress.Loopback);
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => chain.RequestAsync(request, new NsmContext()).AsTask());
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("unsupported mechanism type VXLAN", e.Message);
        e = await Assert.ThrowsAsync<NsmStatusException>(() => chain.RequestAsync(Request(), new NsmContext()).AsTask());
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }
}
