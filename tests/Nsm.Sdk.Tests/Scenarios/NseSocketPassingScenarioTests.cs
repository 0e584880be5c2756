using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.FdPassing;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Upstream's registry sendfd/recvfd: an NSE on a unix socket registers through the nsmgr as <c>inode://dev/ino</c>
/// with its socket file passed along, and the nsmgr dials it through that descriptor, so the NSE's socket need not be
/// visible in the nsmgr's file system (another pod's mount namespace); callers see the inode URL, never the nsmgr's
/// descriptor path.
/// </summary>
public sealed class NseSocketPassingScenarioTests
{
    private const string Service = "fd-passed";

    [Fact]
    public async Task The_nsmgr_reaches_an_nse_whose_socket_path_it_cannot_see_through_the_passed_descriptor()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var server = await domain.Nodes[0].NewEndpointAsync("nse-fd", [Service]);
        var nse = server.Current!;
        var registrar = domain.Track(new EndpointRegistryClient(domain.RegistryOptionsOf("nse-fd") with
        {
            RegistryUrl = domain.Nodes[0].Nsmgr.Url,
            EndpointAdditionalFunctionality = [new SendFdNseClient()],
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,
        }));
        var record = nse.NewRegistration();
        var socket = NsmUrl.SocketPath(new Uri(record.Url));
        Assert.True(FdInode.TryOfPath(socket, out var inode));

        var registered = await registrar.RegisterAsync(record, new NsmContext(domain.Clock));

        Assert.Equal(record.Url, registered.Url); // the NSE gets its own URL back
        var found = Assert.Single(await domain.FindEndpointsAsync("nse-fd", domain.Nodes[0].Nsmgr.Url));
        Assert.Equal(inode.ToUrl(), found.Url); // not the nsmgr's /proc/<pid>/fd/<n>

        File.Move(socket, socket + ".hidden"); // the nsmgr can no longer dial the path
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "nsc", Heal = false, Retry = false });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(["nsc", "nsmgr-0", "forwarder-0", "nse-fd"], ScenarioKit.Names(conn));
        await nsc.CloseAsync(conn);

        File.Move(socket + ".hidden", socket);
        await registrar.UnregisterAsync(registered, new NsmContext(domain.Clock));
        Assert.Empty(await domain.FindEndpointsAsync("nse-fd", domain.Nodes[0].Nsmgr.Url));
    }
}
