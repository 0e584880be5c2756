using System.Globalization;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Common.Passthrough;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>Upstream's scenario helpers (nsmgr/utils_test.go): the default NS, NSE and request, linear services, passthrough NSEs.</summary>
internal static class ScenarioKit
{
    public const string Service = "my-service";

    public const string FinalEndpoint = "final-endpoint";

    /// <summary>Generous bound for background work (heal, expiry) on a loaded machine.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    public static string S(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Upstream's linearNS(n): source step=i−1 → destination step=i, and a request without labels goes to step=0.</summary>
    public static void Linear(NetworkService ns, int count)
    {
        for (var i = 1; i < count; i++)
        {
            ns.Matches.Add(new Match
            {
                SourceSelector = { ["step"] = S(i - 1) },
                Routes = { new Destination { DestinationSelector = { ["step"] = S(i) } } },
            });
        }

        ns.Matches.Add(new Match { Routes = { new Destination { DestinationSelector = { ["step"] = "0" } } } });
    }

    /// <summary>
    /// A passthrough NSE named endpoint-<paramref name="step"/> (label step=i) on <paramref name="node"/>; unless it is the last, it
    /// requests the same service onwards through its node's nsmgr as "endpoint-client-i" with labels step=i.
    /// </summary>
    public static Task<RestartableServer<SandboxEndpoint>> PassthroughEndpointAsync(SandboxNode node, int step, bool last, CountElement counter)
    {
        INetworkServiceServer[] servers = last
            ? [counter]
            : [
                counter,
                new ClientUrlServer(node.Nsmgr.Url),
                new ConnectServer(new NsmClient(new ClientOptions
                {
                    Name = $"endpoint-client-{step}",
                    Refresh = false,
                    DialTimeout = TimeSpan.FromSeconds(2),
                    AdditionalFunctionality = [new MechanismTranslationClient(), new PassthroughClient(new Dictionary<string, string> { ["step"] = S(step) })],
                }, node.Domain.ContextOf($"endpoint-{step}"))),
            ];
        return node.NewEndpointAsync(new SandboxEndpointOptions
        {
            Name = $"endpoint-{step}",
            Services = [Service],
            Labels = new Dictionary<string, string> { ["step"] = S(step) },
            Servers = servers,
        });
    }

    /// <summary>
    /// A plaintext domain for the passthrough chains of <see cref="PassthroughEndpointAsync"/>: each NSE's onward client
    /// is named endpoint-client-i, a second path segment of the NSE's identity, so the NSE segment's token names the
    /// forwarder, not that segment (<c>tokens_chained</c> fails, as it would upstream; real passthrough NSEs name their
    /// client like themselves and reuse their segment).
    /// </summary>
    public static Task<SandboxDomain> PassthroughDomainAsync(int nodes) =>
        SandboxDomain.BuildAsync(new SandboxOptions { Nodes = nodes, Insecure = true });

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds or <see cref="Long"/> passes.</summary>
    public static async Task Eventually(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? Long);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("timed out waiting for " + because);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Polls the asynchronous <paramref name="condition"/> every 10 ms until it holds or <see cref="Long"/> passes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? Long);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("timed out waiting for " + because);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Asserts that a Close reached each of <paramref name="hops"/> connections of a passthrough path. The NSC retries a
    /// Close whose try outlives its 2 s try timeout, which a loaded 2-core CI machine can cause with seven NSEs in the
    /// path; the retried Close reaches the same connections again, so distinct connection ids are counted.
    /// </summary>
    public static void AssertEveryHopClosed(CountElement counter, int hops) =>
        Assert.True(
            counter.UniqueCloses == hops && counter.Closes % hops == 0,
            $"{hops} connections closed (each as often as the others); saw {counter.Closes} Closes of {counter.UniqueCloses} connections");

    /// <summary>Names of the path segments.</summary>
    public static string[] Names(Nsm.Api.NetworkService.Connection conn) => [.. conn.Path.PathSegments.Select(s => s.Name)];
}

/// <summary>Drives a fake clock for scenarios whose timers run in background tasks.</summary>
internal static class FakeClockDriver
{
    /// <summary>
    /// Advances <paramref name="clock"/> by <paramref name="step"/> at a time (giving background work a moment of real time
    /// in between) until <paramref name="condition"/> holds; fails after <paramref name="max"/> of fake time or 30 s of real time.
    /// </summary>
    public static async Task AdvanceUntil(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan step, TimeSpan max, Func<bool> condition, string because)
    {
        var advanced = TimeSpan.Zero;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (advanced >= max || DateTime.UtcNow > until)
            {
                Assert.Fail($"timed out waiting for {because} (fake time advanced {advanced})");
            }

            clock.Advance(step);
            advanced += step;
            await Task.Delay(20);
        }
    }
}
