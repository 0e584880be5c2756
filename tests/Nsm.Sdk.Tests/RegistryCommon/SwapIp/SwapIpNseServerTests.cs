using Nsm.Api.Registry;
using Nsm.Sdk.Common.SwapIp;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Common.SwapIp;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Tests.RegistryCommon.SwapIp;

/// <summary>The registry swapip: NSE URL hosts swapped on Register, Unregister, the Find query and every Find result.</summary>
public sealed class SwapIpNseServerTests
{
    private static readonly IpMap Map = IpMap.Parse("10.0.1.2: 203.0.113.1\n\"fd00::2\": \"2001:db8::2\"\n");

    [Theory]
    [InlineData("tcp://10.0.1.2:5004", "tcp://203.0.113.1:5004")]
    [InlineData("tcp://203.0.113.1:5004/", "tcp://10.0.1.2:5004/")]
    [InlineData("tcp://[fd00::2]:5004", "tcp://[2001:db8::2]:5004")]
    [InlineData("tcp://user@10.0.1.2:5004/x?y#z", "tcp://user@203.0.113.1:5004/x?y#z")]
    [InlineData("tcp://10.0.1.2", "tcp://203.0.113.1")]
    [InlineData("tcp://10.0.1.3:5004", "tcp://10.0.1.3:5004")]
    [InlineData("tcp://nsmgr-proxy:5004", "tcp://nsmgr-proxy:5004")]
    [InlineData("unix:///run/nsm/nsm.io.sock", "unix:///run/nsm/nsm.io.sock")]
    [InlineData("", "")]
    public void The_url_host_is_swapped_and_the_rest_kept(string url, string expected) =>
        Assert.Equal(expected, SwapIpNseServer.SwapHost(url, Map));

    [Fact]
    public async Task Register_and_unregister_send_the_external_url_and_register_answers_with_the_internal()
    {
        var terminal = new RecordingNse();
        var chain = new NetworkServiceEndpointRegistryServerChain(new SwapIpNseServer(() => Map), terminal);
        var nse = new NetworkServiceEndpoint { Name = "nse@floating", Url = "tcp://10.0.1.2:5004" };

        var registered = await chain.RegisterAsync(nse, new NsmContext());
        await chain.UnregisterAsync(nse, new NsmContext());

        Assert.Equal("tcp://203.0.113.1:5004", Assert.Single(terminal.Seen).Url);
        Assert.Equal("tcp://10.0.1.2:5004", registered.Url);
        Assert.Equal("tcp://10.0.1.2:5004", nse.Url);
        Assert.Equal(1, terminal.Unregisters);
    }

    [Fact]
    public async Task Find_swaps_the_query_and_every_result()
    {
        using var store = new NetworkServiceEndpointStore();
        store.Put(new NetworkServiceEndpoint { Name = "a", Url = "tcp://203.0.113.1:5004" });
        store.Put(new NetworkServiceEndpoint { Name = "b", Url = "tcp://10.0.1.2:5004" });
        store.Put(new NetworkServiceEndpoint { Name = "c", Url = "tcp://192.0.2.1:5004" });
        var chain = new NetworkServiceEndpointRegistryServerChain(new SwapIpNseServer(() => Map), new MemoryNseServer(store));

        var all = await chain.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() }, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        var byUrl = await chain.FindListAsync(
            new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() { Url = "tcp://10.0.1.2:5004" } }, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));

        Assert.Equal(["a:tcp://10.0.1.2:5004", "b:tcp://203.0.113.1:5004", "c:tcp://192.0.2.1:5004"], all.Select(n => $"{n.Name}:{n.Url}").Order());
        Assert.Equal("a", Assert.Single(byUrl).Name);
        Assert.Equal("tcp://203.0.113.1:5004", store.Get("a")!.Url);
    }
}
