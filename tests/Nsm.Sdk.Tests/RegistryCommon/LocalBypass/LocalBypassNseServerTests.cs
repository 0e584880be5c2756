using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.LocalBypass;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Tests.RegistryCommon.LocalBypass;

public sealed class LocalBypassNseServerTests
{
    private static readonly Uri NsmgrUrl = new("tcp://10.0.0.1:5001");

    [Fact]
    public async Task Register_sends_nsmgr_url_downstream_and_returns_the_real_url()
    {
        var terminal = new RecordingNse();
        var chain = new NetworkServiceEndpointRegistryServerChain(new LocalBypassNseServer(NsmgrUrl), terminal);
        var result = await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse", Url = "unix:///run/nse.sock" }, new NsmContext());
        Assert.Equal("unix:///run/nse.sock", result.Url);
        Assert.Equal(NsmgrUrl.ToString(), Assert.Single(terminal.Seen).Url);
    }

    [Fact]
    public async Task Find_restores_local_urls_and_hides_stale_entries_of_this_nsmgr()
    {
        using var store = new NetworkServiceEndpointStore();
        var bypass = new LocalBypassNseServer(NsmgrUrl);
        var chain = new NetworkServiceEndpointRegistryServerChain(bypass, new MemoryNseServer(store));
        await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "local", Url = "unix:///run/nse.sock" }, new NsmContext());
        store.Put(new NetworkServiceEndpoint { Name = "stale", Url = NsmgrUrl.ToString() });
        store.Put(new NetworkServiceEndpoint { Name = "remote", Url = "tcp://10.0.0.2:5001" });

        var found = await chain.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() }, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Equal(["local:unix:///run/nse.sock", "remote:tcp://10.0.0.2:5001"], found.Select(n => $"{n.Name}:{n.Url}").Order());
        Assert.Equal(NsmgrUrl.ToString(), store.Get("local")!.Url);
    }

    [Fact]
    public async Task Unregister_of_unknown_name_does_not_call_next()
    {
        var terminal = new RecordingNse();
        var chain = new NetworkServiceEndpointRegistryServerChain(new LocalBypassNseServer(NsmgrUrl), terminal);
        await chain.UnregisterAsync(new NetworkServiceEndpoint { Name = "x" }, new NsmContext());
        Assert.Equal(0, terminal.Unregisters);
    }

    [Fact]
    public async Task Bad_url_is_invalid_argument_naming_it()
    {
        var chain = new NetworkServiceEndpointRegistryServerChain(new LocalBypassNseServer(NsmgrUrl), new RecordingNse());
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n", Url = "not a url" }, new NsmContext()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("not a url", ex.Message, StringComparison.Ordinal);
    }
}
