using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/unix_test.go: unix sockets only, no registry (the sandbox always uses unix sockets).</summary>
public sealed class UnixScenarioTests
{
    [Fact]
    public async Task Test_Local_NoURLUsecase()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1, registry: false);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(1, counter.Requests);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>Test_MultiForwarderSendfd without the file descriptors: the first forwarder fails, the second serves.</summary>
    [Fact]
    public async Task Test_MultiForwarder_FirstFails()
    {
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Registry = false, NodeSetup = s => s.DefaultForwarder = false });
        var inject = new InjectErrorElement([0], []);
        await domain.Nodes[0].NewForwarderAsync("forwarder-1", servers: [inject]);
        await domain.Nodes[0].NewForwarderAsync("forwarder-2", servers: [inject]);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(1, counter.Requests);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// The NSC's namespace goes as a descriptor (sendfd) to nsmgr, which passes it on to each forwarder it tries: the
    /// first fails, the second receives it too and sees a path of its own that opens the NSC's namespace.
    /// </summary>
    [Fact]
    public async Task Test_MultiForwarderSendfd()
    {
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Registry = false, NodeSetup = s => s.DefaultForwarder = false });
        var inject = new InjectErrorElement([0], []);
        var seen = new List<string>();
        var received = LambdaElement.CheckRequest((r, _) =>
        {
            var url = Nsm.Sdk.Api.Mechanisms.KernelMechanism.ToMechanism(r.MechanismPreferences.First(m => m.Type == "KERNEL"))!.NetNSUrl;
            lock (seen)
            {
                seen.Add(url);
            }

            Assert.Matches($"^file:///proc/{Environment.ProcessId}/fd/[0-9]+$", url);
            Assert.True(Nsm.Sdk.Core.FdPassing.FdInode.TryOfPath(url["file://".Length..], out var got));
            Assert.True(Nsm.Sdk.Core.FdPassing.FdInode.TryOfPath("/proc/self/ns/net", out var own));
            Assert.Equal(own, got);
        });
        await domain.Nodes[0].NewForwarderAsync("forwarder-1", servers: [received, inject]);
        await domain.Nodes[0].NewForwarderAsync("forwarder-2", servers: [received, inject]);
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient(additional: [new Nsm.Sdk.Common.Mechanisms.Kernel.KernelMechanismClient()]);

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(4, conn.Path.PathSegments.Count);
        Assert.Equal(1, counter.Requests);
        Assert.Equal(2, seen.Count); // both forwarders got the descriptor
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);
        await nsc.CloseAsync(conn);
        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }
}
