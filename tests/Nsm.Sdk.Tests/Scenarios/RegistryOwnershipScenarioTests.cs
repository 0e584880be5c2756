using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Upstream's registry <c>client_allowed</c> policy in a secure domain: only the identity that registered an NSE may
/// refresh or unregister it, through the nsmgr and at the registry alike.
/// </summary>
public sealed class RegistryOwnershipScenarioTests
{
    public static TheoryData<bool> ThroughNsmgr => new() { true, false };

    [Theory]
    [MemberData(nameof(ThroughNsmgr))]
    public async Task Another_identity_can_neither_register_nor_unregister_an_nse_it_does_not_own(bool throughNsmgr)
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        var owner = await domain.Nodes[0].NewEndpointAsync("a", ["svc"]);
        var url = throughNsmgr ? domain.Nodes[0].Nsmgr.Url : domain.Registry!.Url;
        var intruder = domain.NewEndpointRegistryClient(url, identity: "intruder");
        var stolen = EndpointRecord.Create("a", "unix:///tmp/intruder.sock", new List<string> { "svc" }, null);

        var register = await Assert.ThrowsAsync<RpcException>(async () => await intruder.RegisterAsync(stolen, new NsmContext(domain.Clock)));
        var unregister = await Assert.ThrowsAsync<RpcException>(async () => await intruder.UnregisterAsync(owner.Current!.Registration!, new NsmContext(domain.Clock)));

        Assert.Equal(StatusCode.PermissionDenied, register.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, unregister.StatusCode);
        Assert.Equal(owner.Url.ToString(), Assert.Single(await domain.FindEndpointsAsync("a", domain.Nodes[0].Nsmgr.Url)).Url);
        Assert.Equal(domain.Nodes[0].Nsmgr.Url.ToString(), domain.Registry!.Current!.EndpointStore.Get("a")!.Url);

        await owner.Current!.RegisterAsync();
        await owner.Current.UnregisterAsync();
        Assert.Null(domain.Registry.Current.EndpointStore.Get("a"));
        Assert.Empty(await domain.FindEndpointsAsync("a", domain.Nodes[0].Nsmgr.Url));
    }
}
