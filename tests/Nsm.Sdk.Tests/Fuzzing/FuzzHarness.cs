using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Ipam.SinglePointIpam;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Xunit.Abstractions;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// Runs the fuzzer against one host and checks what it leaves behind: no connection in any component's monitor, no
/// registration left in the registry beyond the domain's own, no watcher left open, and the host still serves a valid call.
/// </summary>
internal static class FuzzHarness
{
    public const string Service = "fuzz-service";

    /// <summary>A one-node domain whose NSE "fuzz-nse-0" serves <see cref="Service"/> with <paramref name="servers"/> (the icmp-responder's chain by default), and one live connection through it.</summary>
    public static async Task<(SandboxDomain Domain, FuzzCorpus Corpus, SandboxClient Client)> DomainAsync(params INetworkServiceServer[] servers)
    {
        var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow), Insecure = true });
        try
        {
            await domain.RegisterServiceAsync(Service);
            await domain.Nodes[0].NewEndpointAsync("fuzz-nse-0", [Service], servers.Length > 0 ? servers : IcmpResponder());
            var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Heal = false, Retry = false });
            var live = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
            return (domain, new FuzzCorpus(Service, [live]), nsc);
        }
        catch
        {
            await domain.DisposeAsync();
            throw;
        }
    }

    /// <summary>cmd/nse-icmp-responder's (and nse-kernel's) endpoint elements: point-to-point IPAM and the KERNEL mechanism (control plane only).</summary>
    public static INetworkServiceServer[] IcmpResponder() =>
    [
        new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = ["10.100.1.0/24"], Mode = PointToPointMode.SharedEndpoint }),
        Kernel(),
    ];

    /// <summary>cmd/nse-vlan's endpoint elements without its kernel L2 segment: single-point IPAM on the shared subnet and the KERNEL mechanism.</summary>
    public static INetworkServiceServer[] Vlan() => [new SinglePointIpamServer("10.200.0.0/24"), Kernel()];

    /// <summary>cmd/nse-firewall's passthrough without its kernel xconnect and nftables: the KERNEL mechanism and the onward Request for the same service.</summary>
    public static INetworkServiceServer[] Firewall(Uri nsmgr) =>
    [
        Kernel(),
        new ClientUrlServer(nsmgr),
        new ConnectServer(new NsmClient(new ClientOptions
        {
            Name = "fuzz-firewall-client",
            Refresh = false,
            DialTimeout = TimeSpan.FromSeconds(2),
            AdditionalFunctionality = [new MechanismTranslationClient()],
        })),
    ];

    private static KernelMechanismServer KernelServer() => new(new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId) });

    /// <summary>The KERNEL mechanism server; not behind a MechanismsServer, as the sandbox forwarder offers no KERNEL preference onwards.</summary>
    private static KernelMechanismServer Kernel() => KernelServer();

    /// <summary>Fuzzes every method <paramref name="chains"/> serves at <paramref name="url"/> and asserts no violation.</summary>
    public static async Task<IReadOnlyList<FuzzReport>> FuzzAsync(Uri url, NsmServerChains chains, FuzzCorpus corpus, ITestOutputHelper output)
    {
        var settings = FuzzSettings.FromEnvironment();
        using var channel = NsmGrpcChannels.Create(url);
        var runner = new FuzzRunner(channel.CreateCallInvoker(), settings);
        var reports = new List<FuzzReport>();
        foreach (var method in corpus.MethodsOf(chains))
        {
            var report = await runner.RunAsync(method);
            output.WriteLine(report.ToString());
            reports.Add(report);
        }

        var violations = reports.SelectMany(r => r.Violations).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Take(20)));
        return reports;
    }

    /// <summary>After a run: the live connection is closed, the clock passes every token's expiry, then nothing is left in any component, the registry holds only its own records and no watcher is open.</summary>
    public static async Task AssertCleanAsync(SandboxDomain domain, FuzzCorpus corpus, SandboxClient? nsc, (int Endpoints, int Services) watchers)
    {
        foreach (var live in corpus.Live)
        {
            try
            {
                await nsc!.CloseAsync(live);
            }
            catch (Grpc.Core.RpcException)
            {
                // A fuzzed Close may have closed it already.
            }
        }

        // A fuzzed Close or refresh that changed a connection's path cannot reach every hop (as upstream): what it leaves
        // is bounded by the tokens' expiry (and the query caches' watches by their 1 min), so the clock goes past it before nothing may be left.
        if (domain.Clock is FakeTimeProvider fake)
        {
            for (var i = 0; i < 40; i++)
            {
                fake.Advance(TimeSpan.FromSeconds(30));
                await Task.Delay(5);
            }
        }

        // What is left must be held by an expiry the caller (the fuzzer, as the previous hop) stated itself, beyond the clock.
        await ScenarioWait(
            () => domain.Nodes.All(n => Monitors(n).All(c => HeldByCallersExpiry(c, domain.Clock.GetUtcNow()))),
            "every nsmgr, forwarder and NSE to release its connections: " + string.Join(", ", domain.Nodes.SelectMany(n => n.Describe())));
        var registry = domain.Registry!.Current!;
        Assert.True(registry.EndpointStore.Find().All(e => !e.Name.StartsWith("fuzz-nse-", StringComparison.Ordinal) || e.Name == "fuzz-nse-0"), "fuzzed registrations left: " + string.Join(", ", registry.EndpointStore.Find().Select(e => e.Name)));
        await ScenarioWait(() => registry.EndpointStore.WatcherCount <= watchers.Endpoints && registry.ServiceStore.WatcherCount <= watchers.Services, $"watchers to end (nse {registry.EndpointStore.WatcherCount}, ns {registry.ServiceStore.WatcherCount})");
    }

    private static IEnumerable<Connection> Monitors(SandboxNode node) =>
        new[] { node.Nsmgr.Current?.Monitor }
            .Concat(node.Forwarders.Values.Select(f => f.Current?.Monitor))
            .Concat(node.Endpoints.Values.Select(e => e.Current?.Endpoint.Monitor))
            .SelectMany(m => m?.GetConnections().Values ?? []);

    private static bool HeldByCallersExpiry(Connection c, DateTimeOffset now) =>
        c.Path?.PathSegments.Any(s => s.Expires is { } e && e.Seconds < 253_402_300_799 && e.ToDateTimeOffset() > now) == true;

    /// <summary>The registry's open watches before a run (the domain's own).</summary>
    public static (int Endpoints, int Services) Watchers(SandboxDomain domain) =>
        (domain.Registry!.Current!.EndpointStore.WatcherCount, domain.Registry.Current.ServiceStore.WatcherCount);

    /// <summary>A valid Request still works after the run and the clean-up (the hosts did not break).</summary>
    public static async Task AssertStillServesAsync(SandboxDomain domain)
    {
        // The clock went past the registrations' expiry: the forwarder and the NSE register again first.
        var node = domain.Nodes[0];
        foreach (var forwarder in node.Forwarders.Values)
        {
            await forwarder.Current!.RegisterAsync();
        }

        await node.Endpoints["fuzz-nse-0"].Current!.RegisterAsync();

        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Heal = false, Retry = false });
        var conn = await nsc.RequestAsync(SandboxClient.DefaultRequest(Service));
        await nsc.CloseAsync(conn);
    }

    private static Task ScenarioWait(Func<bool> condition, string because) => Scenarios.ScenarioKit.Eventually(condition, because, TimeSpan.FromSeconds(10));
}
