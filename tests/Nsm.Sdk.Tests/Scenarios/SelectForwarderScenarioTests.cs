using System.Runtime.CompilerServices;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/select_forwarder_test.go: which forwarder a connection keeps or changes to.</summary>
public sealed class SelectForwarderScenarioTests
{
    /// <summary>Fails the n-th Request (0-based) when <paramref name="fail"/> says so.</summary>
    private static LambdaElement FailWhen(Func<int, bool> fail)
    {
        var n = new StrongBox<int>(-1);
        return new LambdaElement((r, c, next) => fail(Interlocked.Increment(ref n.Value))
            ? ValueTask.FromException<Connection>(new InvalidOperationException("injected"))
            : next.RequestAsync(r, c));
    }

    private static async Task<SandboxDomain> WithForwardersAsync(int localForwarders, int nodes = 1, int remoteForwarders = 0)
    {
        var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = nodes, NodeSetup = s => s.DefaultForwarder = false });
        for (var i = 0; i < localForwarders; i++)
        {
            await domain.Nodes[0].NewForwarderAsync($"forwarder-{i}");
        }

        for (var i = 0; i < remoteForwarders; i++)
        {
            await domain.Nodes[1].NewForwarderAsync($"remote-forwarder-{i}");
        }

        await domain.RegisterServiceAsync(Service);
        return domain;
    }

    /// <summary>The registry restarts empty; the registrations come back as their refreshes would bring them.</summary>
    private static async Task RestartRegistryAsync(SandboxDomain domain)
    {
        await domain.Registry!.RestartAsync();
        await domain.RegisterServiceAsync(Service);
        foreach (var node in domain.Nodes)
        {
            foreach (var f in node.Forwarders.Values.Where(f => f.IsRunning))
            {
                await f.Current!.RegisterAsync();
            }

            foreach (var e in node.Endpoints.Values.Where(e => e.IsRunning))
            {
                await e.Current!.RegisterAsync();
            }
        }
    }

    [Fact]
    public async Task Test_DiscoverForwarder_CloseAfterError()
    {
        await using var domain = await WithForwardersAsync(1);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter, FailWhen(n => n > 0));
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Retry = false });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(1, counter.Requests);

        await Assert.ThrowsAnyAsync<Exception>(() => nsc.RequestWithDeadlineAsync(SandboxClient.Refresh(conn), TimeSpan.FromSeconds(1)).WaitAsync(Long));
        await Eventually(() => counter.Closes == 1, "the Close to reach the NSE (from heal)");
        try
        {
            await nsc.CloseAsync(conn);
        }
        catch (Exception)
        {
            // The connection may be gone already.
        }

        Assert.Equal(1, counter.Closes);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_DiscoverForwarder_ChangeForwarderOnClose()
    {
        await using var domain = await WithForwardersAsync(10);
        var counter = new CountElement();

        // Requests #0–4 fail; then each round fails two and lets the third through.
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter, FailWhen(n => n < 5 || (n > 5 && (n - 6) % 3 != 2)));
        var nsc = domain.Nodes[0].NewClient();
        var request = SandboxClient.DefaultRequest(Service);
        var conn = await nsc.RequestAsync(request.Clone(), Long);
        Assert.Equal(6, counter.Requests);
        Assert.Equal(6, counter.UniqueRequests);
        var selected = conn.Path.PathSegments[2].Name;

        for (var i = 0; i < 10; i++)
        {
            var before = counter.Requests;
            await nsc.CloseAsync(conn);
            var again = request.Clone();
            again.Connection = conn.Clone();
            conn = await nsc.RequestAsync(again, Long);
            Assert.Equal(before + 3, counter.Requests);
            Assert.Equal(6, counter.UniqueRequests);
            if (conn.Path.PathSegments[2].Name != selected)
            {
                break;
            }
        }

        Assert.NotEqual(selected, conn.Path.PathSegments[2].Name);
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    [Fact]
    public async Task Test_DiscoverForwarder_ChangeForwarderOnDeath_LostHeal()
    {
        await using var domain = await WithForwardersAsync(10);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Additional = [new CountElement(), new InjectErrorElement([], [-1])] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        var selected = conn.Path.PathSegments[2].Name;

        await domain.Nodes[0].Forwarders[selected].StopAsync();
        await Eventually(() => counter.Requests == 2, "heal through another forwarder");
        Assert.Equal(1, counter.UniqueRequests);
        await Eventually(() => counter.Closes == 1, "the NSE to close the old connection");

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(3, counter.Requests);
        Assert.Equal(1, counter.Closes);
        Assert.NotEqual(selected, conn.Path.PathSegments[2].Name);
    }

    [Fact]
    public async Task Test_DiscoverForwarder_ChangeRemoteForwarderOnDeath()
    {
        await using var domain = await WithForwardersAsync(1, nodes: 2, remoteForwarders: 10);
        var counter = new CountElement();
        await domain.Nodes[1].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Additional = [new CountElement(), new InjectErrorElement([], [-1])] });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        var selected = conn.Path.PathSegments[4].Name;

        await RestartRegistryAsync(domain);
        await domain.Nodes[1].Forwarders[selected].StopAsync();
        await Eventually(() => counter.Requests == 2, "heal through another remote forwarder");
        Assert.Equal(1, counter.UniqueRequests);
        await Eventually(() => counter.Closes == 1, "the NSE to close the old connection");

        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(3, counter.Requests);
        Assert.Equal(1, counter.Closes);
        Assert.NotEqual(selected, conn.Path.PathSegments[4].Name);
    }

    [Fact]
    public async Task Test_DiscoverForwarder_Should_KeepSelectedForwarderWhileConnectionIsFine()
    {
        await using var domain = await WithForwardersAsync(10);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var broken = new StrongBox<string?>();
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            ConfigureHeal = o => o with
            {
                LivenessCheck = (c, _) => ValueTask.FromResult(Volatile.Read(ref broken.Value) is not { } name || c.Path.PathSegments.All(s => s.Name != name)),
                LivenessCheckInterval = TimeSpan.FromMilliseconds(50),
            },
        });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        var selected = conn.Path.PathSegments[2].Name;

        // A restart with the data plane fine: restore on the same forwarder, no Close.
        await RestartRegistryAsync(domain);
        await SandboxNode.RestartForwarderAsync(domain.Nodes[0].Forwarders[selected]);
        await Eventually(() => counter.Requests == 2, "restore through the restarted forwarder");
        Assert.Equal(0, counter.Closes);
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(3, counter.Requests);
        Assert.Equal(selected, conn.Path.PathSegments[2].Name);
        Assert.Equal(0, counter.Closes);

        // The data plane through it breaks and it dies: reselect to another forwarder.
        Volatile.Write(ref broken.Value, selected);
        await domain.Nodes[0].Forwarders[selected].StopAsync();
        await Eventually(() => counter.Requests >= 4, "heal after the forwarder died");
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn), Long);
        Assert.Equal(1, counter.UniqueRequests);
        Assert.True(counter.Closes > 0);
        Assert.NotEqual(selected, conn.Path.PathSegments[2].Name);
    }
}
