using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Vlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

public class KernelVlanServerTests
{
    private static NetworkServiceRequest Request(string id, bool supportsVlan = true)
    {
        var request = TestExtensions.Request(id);
        var kernel = KernelMechanism.New("file:///x");
        KernelMechanism.ToMechanism(kernel)!.SupportsVlan = supportsVlan;
        request.Connection.Mechanism = kernel;
        return request;
    }

    private static ushort Vlan(Connection c) => KernelMechanism.ToMechanism(c.Mechanism)!.VlanId;

    [Fact]
    public async Task Allocates_lowest_free_keeps_on_refresh_and_frees_on_close()
    {
        var server = new KernelVlanServer();
        var a = await server.RequestAsync(Request("a"), new NsmContext(), NetworkServiceHandler.Tail);
        var b = await server.RequestAsync(Request("b"), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal((1, 2), (Vlan(a), Vlan(b)));

        var refresh = await server.RequestAsync(Request("a"), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(1, Vlan(refresh));

        await server.CloseAsync(a, new NsmContext(), NetworkServiceHandler.Tail);
        var c = await server.RequestAsync(Request("c"), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(1, Vlan(c));
        Assert.Equal(2, server.Allocated);

        var untouched = await server.RequestAsync(Request("d", supportsVlan: false), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(0, Vlan(untouched));
    }

    [Fact]
    public async Task Exhaustion_fails_and_failed_request_frees_the_id()
    {
        var server = new KernelVlanServer(new KernelVlanServerOptions { MinVlanId = 10, MaxVlanId = 11 });
        await server.RequestAsync(Request("a"), new NsmContext(), NetworkServiceHandler.Tail);
        await server.RequestAsync(Request("b"), new NsmContext(), NetworkServiceHandler.Tail);
        var e = await Assert.ThrowsAsync<NsmStatusException>(
            () => server.RequestAsync(Request("c"), new NsmContext(), NetworkServiceHandler.Tail).AsTask());
        Assert.Equal("vlan id not available for allocation", e.Message);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);

        await server.CloseAsync(Request("b").Connection, new NsmContext(), NetworkServiceHandler.Tail);
        var chain = new NetworkServiceServerChain(server, new InjectErrorElement());
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.RequestAsync(Request("c"), new NsmContext()).AsTask());
        Assert.Equal(1, server.Allocated);
        Assert.Throws<ArgumentException>(() => new KernelVlanServer(new KernelVlanServerOptions { MaxVlanId = 4095 }));
    }

    [Fact]
    public async Task A_mechanism_that_already_has_a_vlan_passes_untouched_and_takes_no_id()
    {
        var server = new KernelVlanServer();
        var request = Request("a");
        KernelMechanism.ToMechanism(request.Connection.Mechanism)!.VlanId = 7;
        var conn = await server.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(7, Vlan(conn));
        Assert.Equal(0, server.Allocated);
        var next = await server.RequestAsync(Request("b"), new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(1, Vlan(next));
    }
}
