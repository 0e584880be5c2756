using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.ExcludedPrefixes;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using static Nsm.Sdk.Tests.Scenarios.ScenarioKit;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's nsmgr/single_test.go: aware NSEs, label templates, point-to-multipoint forwarders, restarts during refresh, timeout and expiry.</summary>
public sealed class SingleScenarioTests
{
    [Fact]
    public async Task Test_AwareNSEs()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        string[] services = ["my-ns-1", "my-ns-2"];
        foreach (var service in services)
        {
            await domain.RegisterServiceAsync(service, ns =>
            {
                foreach (var (k, v) in new[] { ("color", "red"), ("day", "friday") })
                {
                    ns.Matches.Add(new Match
                    {
                        SourceSelector = { [k] = v },
                        Routes = { new Destination { DestinationSelector = { [k] = v } } },
                    });
                }
            });
        }

        (string Service, string Key, string Value)[] nses = [("my-ns-1", "color", "red"), ("my-ns-2", "color", "red"), ("my-ns-1", "day", "friday")];
        for (var i = 0; i < nses.Length; i++)
        {
            await domain.Nodes[0].NewEndpointAsync(new SandboxEndpointOptions
            {
                Name = $"nse-{i}",
                Services = [nses[i].Service],
                Labels = new Dictionary<string, string> { [nses[i].Key] = nses[i].Value },
                Servers = [new Point2PointIpamServer("172.16.0.96/29")],
            });
        }

        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions
        {
            Additional =
            [
                new ExcludedPrefixesClient(new ExcludedPrefixesClientOptions
                {
                    AwarenessGroups = [["kernel://my-ns-1?color=red", "kernel://my-ns-2?color=red"]],
                }),
            ],
        });
        var conns = new List<Connection>();
        for (var i = 0; i < nses.Length; i++)
        {
            var request = SandboxClient.DefaultRequest(nses[i].Service, S(i));
            request.Connection.Labels[nses[i].Key] = nses[i].Value;
            request.Connection.Mechanism = new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType };
            conns.Add(await nsc.RequestAsync(request));
        }

        Assert.Equal("nse-0", conns[0].Path.PathSegments[^1].Name);
        Assert.Equal(conns[0].Context.IpContext.SrcIpAddrs, conns[1].Context.IpContext.SrcIpAddrs);
        Assert.NotEqual(conns[0].Context.IpContext.SrcIpAddrs, conns[2].Context.IpContext.SrcIpAddrs);
        foreach (var conn in conns)
        {
            await nsc.CloseAsync(conn);
        }

        foreach (var nse in domain.Nodes[0].Endpoints.Values)
        {
            await nse.Current!.UnregisterAsync();
        }

        await domain.AssertNoConnectionsAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Test_UsecasePoint2MultiPoint(int nodes)
    {
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = nodes, NodeSetup = s => s.DefaultForwarder = false });
        foreach (var node in domain.Nodes)
        {
            var suffix = nodes == 1 ? string.Empty : $"-{node.Index}";
            await node.NewForwarderAsync("p2mp forwarder" + suffix, new Dictionary<string, string> { ["p2mp"] = "true" });
            await node.NewForwarderAsync("p2p forwarder" + suffix, new Dictionary<string, string> { ["p2p"] = "true" });
            await node.NewForwarderAsync("special forwarder" + suffix, new Dictionary<string, string> { ["special"] = "true" });
        }

        await domain.RegisterServiceAsync(Service, ns => ns.Matches.Add(new Match
        {
            Routes = { new Destination() },
            Metadata = new Metadata { Labels = { ["p2mp"] = "true" } },
        }));
        await domain.Nodes[^1].NewEndpointAsync(FinalEndpoint, [Service]);
        var nsc = domain.Nodes[0].NewClient();

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        AssertForwarders(conn, "p2mp forwarder");

        // Without metadata labels the default (p2p) forwarders are chosen.
        await domain.RegisterServiceAsync(Service, ns => ns.Matches.Add(new Match { Routes = { new Destination() } }));
        await nsc.CloseAsync(conn);
        conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        AssertForwarders(conn, "p2p forwarder");
        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();

        void AssertForwarders(Connection c, string prefix)
        {
            if (nodes == 1)
            {
                Assert.Equal(4, c.Path.PathSegments.Count);
                Assert.Equal(prefix, c.Path.PathSegments[2].Name);
            }
            else
            {
                Assert.Equal(6, c.Path.PathSegments.Count);
                Assert.Equal(prefix + "-0", c.Path.PathSegments[2].Name);
                Assert.Equal(prefix + "-1", c.Path.PathSegments[4].Name);
            }
        }
    }

    [Fact]
    public async Task Test_RestartDuringRefresh()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        var node = domain.Nodes[0];
        var killForwarders = new StrongBox<bool>();
        var stopping = new System.Collections.Concurrent.ConcurrentQueue<Task>();
        var counter = new CountElement();
        var killer = new LambdaElement(async (r, c, next) =>
        {
            if (killForwarders.Value)
            {
                killForwarders.Value = false;
                foreach (var f in node.Forwarders.Values)
                {
                    stopping.Enqueue(f.StopAsync());
                }

                throw new InvalidOperationException("the forwarders were killed during this refresh");
            }

            return await next.RequestAsync(r, c);
        });
        await node.NewEndpointAsync(FinalEndpoint, [Service], counter, killer);
        var responses = new StrongBox<int>();
        var nsc = node.NewClient(new SandboxClientOptions
        {
            Retry = false,
            Additional = [LambdaElement.OnResponse(_ => Interlocked.Increment(ref responses.Value))],
        });

        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        conn = await nsc.RequestAsync(SandboxClient.Refresh(conn));
        Assert.Equal(2, counter.Requests);

        for (var i = 0; i < 5; i++)
        {
            killForwarders.Value = true;
            await Assert.ThrowsAnyAsync<Exception>(() => nsc.RequestAsync(SandboxClient.Refresh(conn)));
            while (stopping.TryDequeue(out var stop))
            {
                await stop.WaitAsync(Long);
            }

            foreach (var f in node.Forwarders.Values)
            {
                await f.StartAsync();
                await f.Current!.RegisterAsync().WaitAsync(Long);
            }

            var before = Volatile.Read(ref responses.Value);
            await Eventually(() => Volatile.Read(ref responses.Value) > before, $"heal after restart #{i}");
        }

        await nsc.CloseAsync(conn);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// The NSC's token lives 2 s and it can never refresh (every Request after the first fails in its chain): the nsmgr's
    /// timeout closes the connection down to the NSE once the token expires. Driven by a fake clock.
    /// </summary>
    [Fact]
    public async Task Test_Timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock });
        await domain.RegisterServiceAsync(Service);
        var counter = new CountElement();
        await domain.Nodes[0].NewEndpointAsync(FinalEndpoint, [Service], counter);
        var requests = new StrongBox<int>();
        var onlyFirst = new LambdaElement((r, c, next) => Interlocked.Increment(ref requests.Value) == 1
            ? next.RequestAsync(r, c)
            : ValueTask.FromException<Connection>(new InvalidOperationException("injected: no refresh")));
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Retry = false, TokenLifetime = TimeSpan.FromSeconds(2), Additional = [onlyFirst] });

        await nsc.RequestWithDeadlineAsync(SandboxClient.DefaultRequest(Service), TimeSpan.FromSeconds(1.5)).WaitAsync(Long);
        Assert.Equal(1, counter.Requests);
        Assert.Equal(0, counter.Closes);

        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(4), () => counter.Closes == 1, "the nsmgr timeout to close the connection");
        Assert.Equal(1, counter.Requests);
        await domain.AssertNoConnectionsAsync();
    }

    /// <summary>
    /// An NSE registered with an expiration 2 s ahead that never refreshes is removed by the registry's expire once that
    /// time passes. Driven by a fake clock.
    /// </summary>
    [Fact]
    public async Task Test_Expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock });
        var registration = domain.NewEndpointRegistryClient(domain.Nodes[0].Nsmgr.Url);
        await registration.RegisterAsync(
            new NetworkServiceEndpoint
            {
                Name = FinalEndpoint,
                Url = domain.NewUrl("nse").ToString(),
                NetworkServiceNames = { Service },
                ExpirationTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow() + TimeSpan.FromSeconds(2)),
            },
            new NsmContext(clock)).AsTask().WaitAsync(Long);
        Assert.Single(await domain.FindEndpointsAsync(FinalEndpoint));

        await FakeClockDriver.AdvanceUntil(clock, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), () => domain.Registry!.Current!.EndpointStore.Get(FinalEndpoint) is null, "the registry to expire the NSE");
        Assert.Empty(await domain.FindEndpointsAsync(FinalEndpoint));
        Assert.Empty(await domain.FindEndpointsAsync(FinalEndpoint, domain.Nodes[0].Nsmgr.Url));
    }

    [Fact]
    public void Test_FailedRegistryAuthorization()
    {
    }
}

/// <summary>Tests that change the process environment run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentGroup
{
    public const string Name = "process environment";
}

/// <summary>Upstream's Test_ShouldParseNetworkServiceLabelsTemplate (it sets NODE_NAME, so it runs alone).</summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class LabelsTemplateScenarioTests
{
    [Fact]
    public async Task Test_ShouldParseNetworkServiceLabelsTemplate()
    {
        const string value = "testValue";
        var old = Environment.GetEnvironmentVariable("NODE_NAME");
        Environment.SetEnvironmentVariable("NODE_NAME", value);
        try
        {
            await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
            await domain.RegisterServiceAsync(Service, ns => ns.Matches.Add(new Match
            {
                Routes = { new Destination { DestinationSelector = { ["nodeName"] = "{{.nodeName}}" } } },
            }));
            var nse = await domain.Nodes[0].NewEndpointAsync(new SandboxEndpointOptions
            {
                Name = FinalEndpoint,
                Services = [Service],
                Labels = new Dictionary<string, string>(),
            });
            var nsc = domain.Nodes[0].NewClient();
            var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));

            var expected = new Dictionary<string, string> { ["nodeName"] = value };
            Assert.Equal(expected, conn.Labels);
            var registered = Assert.Single(await domain.FindEndpointsAsync(FinalEndpoint));
            Assert.Equal(expected, registered.NetworkServiceLabels[Service].Labels);
            await nsc.CloseAsync(conn);
            await nse.Current!.UnregisterAsync();
            await domain.AssertNoConnectionsAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable("NODE_NAME", old);
        }
    }
}
