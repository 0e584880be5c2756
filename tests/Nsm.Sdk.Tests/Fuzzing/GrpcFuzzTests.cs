using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Core;
using Xunit.Abstractions;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// Every gRPC method of every program's chain, hosted in-process over real gRPC (unix sockets), takes a bounded,
/// deterministic run of mutated and random inputs as raw bytes (<see cref="FuzzRunner"/>): no crash, no hang, no
/// UNKNOWN, malformed bytes answered INTERNAL or INVALID_ARGUMENT, nothing left behind.
/// </summary>
[Collection("fuzz")]
public sealed class GrpcFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nsmgr_every_method()
    {
        var (domain, corpus, nsc) = await FuzzHarness.DomainAsync();
        await using (domain)
        {
            var watchers = FuzzHarness.Watchers(domain);
            var nsmgr = domain.Nodes[0].Nsmgr;
            await FuzzHarness.FuzzAsync(nsmgr.Url, nsmgr.Current!.ServerChains, corpus, output);
            await FuzzHarness.AssertCleanAsync(domain, corpus, nsc, watchers);
            await FuzzHarness.AssertStillServesAsync(domain);
        }
    }

    [Fact]
    public async Task Registry_every_method()
    {
        var (domain, corpus, nsc) = await FuzzHarness.DomainAsync();
        await using (domain)
        {
            var watchers = FuzzHarness.Watchers(domain);
            await FuzzHarness.FuzzAsync(domain.Registry!.Url, domain.Registry.Current!.Chains, corpus, output);
            await FuzzHarness.AssertCleanAsync(domain, corpus, nsc, watchers);
            await FuzzHarness.AssertStillServesAsync(domain);
        }
    }

    [Fact]
    public async Task Forwarder_every_method()
    {
        var (domain, corpus, nsc) = await FuzzHarness.DomainAsync();
        await using (domain)
        {
            var watchers = FuzzHarness.Watchers(domain);
            var forwarder = domain.Nodes[0].Forwarders.Values.Single();
            await FuzzHarness.FuzzAsync(forwarder.Url, forwarder.Current!.ServerChains, corpus, output);
            await FuzzHarness.AssertCleanAsync(domain, corpus, nsc, watchers);
            await FuzzHarness.AssertStillServesAsync(domain);
        }
    }

    [Theory]
    [InlineData("icmp-responder")]
    [InlineData("vlan")]
    [InlineData("firewall")]
    public async Task Endpoint_every_method(string program)
    {
        var (domain, corpus, nsc) = await FuzzHarness.DomainAsync(FuzzHarness.IcmpResponder());
        await using (domain)
        {
            var node = domain.Nodes[0];
            INetworkServiceServer[] servers = program switch
            {
                "vlan" => FuzzHarness.Vlan(),
                "firewall" => FuzzHarness.Firewall(node.Nsmgr.Url),
                _ => FuzzHarness.IcmpResponder(),
            };
            var nse = await node.NewEndpointAsync(new SandboxEndpointOptions { Name = $"fuzz-{program}", Services = [$"{program}-only"], Servers = servers });
            var watchers = FuzzHarness.Watchers(domain);
            await FuzzHarness.FuzzAsync(nse.Url, nse.Current!.Endpoint.ServerChains, corpus, output);
            await FuzzHarness.AssertCleanAsync(domain, corpus, nsc, watchers);
            await FuzzHarness.AssertStillServesAsync(domain);
        }
    }

    [Fact]
    public async Task Interdomain_proxies_every_method()
    {
        var names = new SandboxDomainResolver();
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { DomainName = "cluster1", Resolver = names, Interdomain = true, Clock = new FakeTimeProvider(DateTimeOffset.UtcNow), Insecure = true });
        await domain.RegisterServiceAsync(FuzzHarness.Service);
        await domain.Nodes[0].NewEndpointAsync("fuzz-nse-0", [FuzzHarness.Service], FuzzHarness.IcmpResponder());
        var corpus = new FuzzCorpus(FuzzHarness.Service + "@cluster1", []);
        var watchers = FuzzHarness.Watchers(domain);
        await FuzzHarness.FuzzAsync(domain.NsmgrProxy!.Url, domain.NsmgrProxy.Current!.ServerChains, corpus, output);
        await FuzzHarness.FuzzAsync(domain.RegistryProxy!.Url, domain.RegistryProxy.Current!.Chains, corpus, output);
        await FuzzHarness.AssertCleanAsync(domain, corpus, null, watchers);
        await FuzzHarness.AssertStillServesAsync(domain);
    }
}
