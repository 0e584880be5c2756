using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

public class MechanismsServerTests
{
    private static NetworkServiceRequest Request(params Mechanism[] preferences)
    {
        var request = TestExtensions.Request("conn", "my-service");
        request.Connection.Path = new ApiPath { Index = 0, PathSegments = { new PathSegment { Name = "nse", Id = "conn" } } };
        request.MechanismPreferences.Add(preferences);
        return request;
    }

    private static Mechanism Kernel(string? name = null)
    {
        var m = KernelMechanism.New(KernelMechanism.ThreadSelfNetNSUrl);
        if (name is not null)
        {
            m.Parameters[CommonParameters.InterfaceNameKey] = name;
        }

        return m;
    }

    private static Mechanism Memif() => MemifMechanism.New("/tmp/memif.sock");

    [Fact]
    public async Task Never_calls_next_by_itself()
    {
        var after = new CountElement();
        var server = new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [KernelMechanism.MechanismType] = new LambdaElement((r, _, _) => new ValueTask<Connection>(r.Connection), (_, _, _) => default),
        });
        var chain = new NetworkServiceServerChain(server, after);
        var conn = await chain.RequestAsync(Request(Kernel()), new NsmContext());
        Assert.Equal(KernelMechanism.MechanismType, conn.Mechanism.Type);
        Assert.Equal(0, after.Requests);
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal(0, after.Closes);
    }

    [Fact]
    public async Task Sub_chain_continues_into_the_rest_of_the_outer_chain()
    {
        var inKernel = new CountElement();
        var after = new CountElement();
        var chain = new NetworkServiceServerChain(
            new MechanismsServer(new Dictionary<string, INetworkServiceServer> { [KernelMechanism.MechanismType] = inKernel }),
            after);
        var conn = await chain.RequestAsync(Request(Kernel()), new NsmContext());
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal((1, 1, 1, 1), (inKernel.Requests, after.Requests, inKernel.Closes, after.Closes));
        Assert.Equal(KernelMechanism.MechanismType, after.SeenRequests.Single().Connection.Mechanism.Type);
    }

    [Fact]
    public async Task Downstream_failure_tries_next_preference_through_the_whole_downstream()
    {
        var downstream = new CountElement();
        var failMemif = LambdaElement.CheckRequest((r, _) =>
        {
            if (r.Connection.Mechanism.Type == MemifMechanism.MechanismType)
            {
                throw new NsmStatusException(StatusCode.Unavailable, "memif broken");
            }
        });
        var chain = new NetworkServiceServerChain(
            new MechanismsServer(new Dictionary<string, INetworkServiceServer>
            {
                [KernelMechanism.MechanismType] = NullServer.Instance,
                [MemifMechanism.MechanismType] = NullServer.Instance,
            }),
            downstream,
            failMemif);
        var request = Request(Memif(), Kernel());
        var conn = await chain.RequestAsync(request, new NsmContext());
        Assert.Equal(KernelMechanism.MechanismType, conn.Mechanism.Type);
        Assert.Equal([MemifMechanism.MechanismType, KernelMechanism.MechanismType], downstream.SeenRequests.Select(r => r.Connection.Mechanism.Type));
        Assert.Null(request.Connection.Mechanism); // attempts run on clones
    }

    [Fact]
    public async Task All_failures_accumulate_with_common_status_or_unknown()
    {
        var same = Chain(new InjectErrorElement(error: () => new NsmStatusException(StatusCode.Unavailable, "down")));
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => same.RequestAsync(Request(Memif(), Kernel()), new NsmContext()).AsTask());
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.StartsWith("cannot support any of the requested mechanism: down; down", e.Message, StringComparison.Ordinal);

        var n = 0;
        var mixed = Chain(new LambdaElement((_, _, _) => ++n == 1
            ? throw new NsmStatusException(StatusCode.Unavailable, "a")
            : throw new NsmStatusException(StatusCode.NotFound, "b")));
        e = await Assert.ThrowsAsync<NsmStatusException>(() => mixed.RequestAsync(Request(Memif(), Kernel()), new NsmContext()).AsTask());
        Assert.Equal(StatusCode.Unknown, e.StatusCode);

        e = await Assert.ThrowsAsync<NsmStatusException>(() => same.RequestAsync(Request(), new NsmContext()).AsTask());
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("cannot support any of the requested mechanism", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_selected_type_is_invalid_argument()
    {
        var chain = Chain(NullServer.Instance);
        var request = Request();
        request.Connection.Mechanism = new Mechanism { Cls = Cls.Remote, Type = "WIREGUARD" };
        var e = await Assert.ThrowsAsync<NsmStatusException>(() => chain.RequestAsync(request, new NsmContext()).AsTask());
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("unsupported mechanism type WIREGUARD", e.Message);
        await Assert.ThrowsAsync<NsmStatusException>(() => chain.CloseAsync(request.Connection, new NsmContext()).AsTask());

        // Unknown preference types are skipped.
        var conn = await chain.RequestAsync(Request(new Mechanism { Cls = Cls.Remote, Type = "WIREGUARD" }, Kernel()), new NsmContext());
        Assert.Equal(KernelMechanism.MechanismType, conn.Mechanism.Type);
    }

    [Fact]
    public async Task Sets_server_interface_metric()
    {
        var named = await Chain(NullServer.Instance).RequestAsync(Request(Kernel("nsm-1")), new NsmContext());
        Assert.Equal("KERNEL/nsm-1", named.Path.PathSegments[0].Metrics["server_interface"]);

        var unnamed = await Chain(NullServer.Instance).RequestAsync(Request(Memif()), new NsmContext());
        Assert.Equal("MEMIF/unknown", unnamed.Path.PathSegments[0].Metrics["server_interface"]);

        // A name set later in the sub-chain replaces "unknown".
        var naming = LambdaElement.CheckRequest((r, _) => r.Connection.Mechanism.Parameters["name"] = "late");
        var late = await Chain(naming).RequestAsync(Request(Kernel()), new NsmContext());
        Assert.Equal("KERNEL/late", late.Path.PathSegments[0].Metrics["server_interface"]);
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_search()
    {
        using var cts = new CancellationTokenSource();
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(
            Chain(NullServer.Instance),
            count,
            new LambdaElement((_, _, _) =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            }));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => chain.RequestAsync(Request(Memif(), Kernel()), new NsmContext(cancellationToken: cts.Token)).AsTask());
        Assert.Equal(1, count.Requests);
    }

    private static NetworkServiceServerChain Chain(INetworkServiceServer element) =>
        new(new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [KernelMechanism.MechanismType] = element,
            [MemifMechanism.MechanismType] = element,
        }));
}
