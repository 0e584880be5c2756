using Grpc.Core;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Core;
using static Nsm.Sdk.Tests.Common.Ipam.IpamTestKit;

namespace Nsm.Sdk.Tests.Common.Ipam;

public class SinglePointIpamServerTests
{
    [Fact]
    public async Task Clients_get_src_addresses_with_the_prefix_length_and_the_endpoint_keeps_the_network_address()
    {
        var server = new SinglePointIpamServer("10.0.0.0/24");
        Assert.Equal("10.0.0.0/24", server.Allocator.EndpointAddresses[0].ToString());
        var c1 = await RequestIp(server, "c1");
        Assert.Equal(["10.0.0.1/24"], c1.SrcIpAddrs);
        Assert.Empty(c1.DstIpAddrs);
        Assert.Empty(c1.SrcRoutes);
        Assert.Equal(["10.0.0.2/24"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task Dual_stack_prefixes_give_one_address_each()
    {
        var server = new SinglePointIpamServer("10.0.0.0/24", "fd00::/64");
        Assert.Equal(["10.0.0.1/24", "fd00::1/64"], (await RequestIp(server, "c1")).SrcIpAddrs);
    }

    [Fact]
    public async Task Refresh_keeps_and_exclusion_replaces()
    {
        var server = new SinglePointIpamServer("10.0.0.0/24");
        var request = Request("c1");
        await RequestIp(server, request);
        Assert.Equal(["10.0.0.1/24"], (await RequestIp(server, request)).SrcIpAddrs);
        request.Connection.Context.IpContext.ExcludedPrefixes.Add("10.0.0.1/32");
        Assert.Equal(["10.0.0.2/24"], (await RequestIp(server, request)).SrcIpAddrs);
    }

    [Fact]
    public async Task Broadcast_is_never_given_and_exhaustion_is_resource_exhausted()
    {
        var server = new SinglePointIpamServer("10.0.0.0/30");
        Assert.Equal(["10.0.0.1/30"], (await RequestIp(server, "c1")).SrcIpAddrs);
        Assert.Equal(["10.0.0.2/30"], (await RequestIp(server, "c2")).SrcIpAddrs);
        Assert.Equal(StatusCode.ResourceExhausted, await StatusOf(() => RequestIp(server, "c3")));
        Assert.Equal(2, server.Allocator.Count);
    }

    [Fact]
    public async Task Failed_first_request_and_close_release()
    {
        var server = new SinglePointIpamServer("10.0.0.0/24");
        var failing = new NetworkServiceServerChain(server, new FailingTail());
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RequestAsync(Request("c1"), new NsmContext()).AsTask());
        Assert.Equal(0, server.Allocator.Count);
        await RequestIp(server, "c1");
        await Close(server, "c1");
        Assert.Equal(0, server.Allocator.Count);
    }

    [Fact]
    public async Task Bad_inputs_are_reported()
    {
        Assert.Contains("nope", Assert.ThrowsAny<ArgumentException>(() => new SinglePointIpamServer("nope")).Message, StringComparison.Ordinal);
        var server = new SinglePointIpamServer("10.0.0.0/24");
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => RequestIp(server, "c1", "bad")));
    }
}
