using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Nsm.Bench;

/// <summary>
/// A service chain through nsmctl (issue 13), on a node of the bench's own (a private <c>--state</c>, <c>down</c> at
/// the end whatever happens): client → nse-firewall → the IDS hop → nse-final against client → nse-direct on the same
/// node (<see cref="ChainManifests"/>). Connection setup: a client pod from <c>apply</c> to Ready and to its first TCP
/// connection to the last endpoint (p50 over a few repetitions, chain and direct in turn). Throughput: iperf3 from
/// the client pod's namespace to a server in the endpoint pod's namespace, a few seconds per run (median of the
/// runs), and chain / direct next to its target. Every step is bounded; the figures are printed, never asserted.
/// </summary>
internal static class ChainBench
{
    private const string Section = "8 chain";
    private const string ChainClient = "client-chain";
    private const string DirectClient = "client-direct";
    private static readonly string[] EndpointApps = ["nse-final", "nse-direct", "firewall", "ids"];

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        if (!Iperf3.Installed())
        {
            throw new InvalidOperationException("iperf3 is not on PATH (scripts/bench.sh installs Debian's iperf3 with apt-get)");
        }

        var root = options.BinDir.Length > 0 ? options.BinDir : MeshPrograms.FindRepoRoot();
        var ctl = new NsmctlCli(root, Path.Combine(cleanup.Dir, "nsmctl-chain"));
        var dir = Path.GetDirectoryName(ctl.State)!;
        Console.Error.WriteLine($"8 chain: {ctl.Command}, programs {ctl.Programs ?? "(JIT builds)"}, state {ctl.State}, middle hop {ChainManifests.MiddleHop} ...");
        report.Add(new Row(Section, "load average (1 min) before", NsmctlBench.LoadAverage(out var before), "", Note: $"/proc/loadavg {before}; {Environment.ProcessorCount} CPUs"));
        var links = BenchNode.RootLinks();
        var servers = new List<Process>();
        var failed = false;
        try
        {
            var endpoints = Path.Combine(dir, "chain-endpoints.yaml");
            await File.WriteAllTextAsync(endpoints, ChainManifests.Endpoints(), ct);
            var start = Stopwatch.GetTimestamp();
            await ctl.OkAsync(ct, "apply", "-f", endpoints);
            foreach (var app in EndpointApps)
            {
                await BenchNode.WaitReadyAsync(ctl, ChainManifests.Namespace, ct, "pod", "-l", "app=" + app);
            }

            report.Add(new Row(Section, "endpoints: apply (starts the node) to all Ready", IcmpProbe.Ms(start, Stopwatch.GetTimestamp()), "ms",
                Note: $"nse-final, nse-direct, nse-firewall and the middle hop: {ChainManifests.MiddleHop}"));
            var final = await EndpointNetnsAsync(ctl, "nse-final", ct);
            var direct = await EndpointNetnsAsync(ctl, "nse-direct", ct);

            await SetupAsync(report, ctl, options, final, direct, ct);
            foreach (var netns in new[] { final, direct })
            {
                servers.Add(await Iperf3.StartServerAsync(cleanup, netns, ChainManifests.Port, ct));
            }

            await ThroughputAsync(report, ctl, options, ct);
        }
        catch (Exception) when (NsmctlBench.Keep(ctl, "bench-chain-logs"))
        {
            failed = true;
            throw;
        }
        finally
        {
            foreach (var server in servers)
            {
                await Cleanup.StopAsync(server, TimeSpan.FromSeconds(3));
            }

            var id = BenchNode.SupervisorId(ctl);
            var sw = Stopwatch.StartNew();
            var (code, _, error) = await ctl.RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None, "down");
            report.Add(new Row(Section, "down", sw.Elapsed.TotalMilliseconds, "ms", Note: code == 0 ? "pods, processes, namespaces and state removed" : $"exit {code}: {error.Trim()}"));
            BenchNode.Leftovers(report, Section, ctl, id, links);
            report.Add(new Row(Section, "load average (1 min) after", NsmctlBench.LoadAverage(out var after), "", Note: "/proc/loadavg " + after + (failed ? "; logs kept in artifacts/bench-chain-logs" : "")));
        }
    }

    /// <summary>Client pods from apply to Ready and to the first TCP connection, chain and direct in turn; the last two stay up.</summary>
    private static async Task SetupAsync(Report report, NsmctlCli ctl, BenchOptions options, string final, string direct, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(ctl.State)!;
        var kinds = new[]
        {
            (Name: ChainClient, Service: "bench-chain", Address: IPAddress.Parse(ChainManifests.FinalAddress), Ready: new Samples("chain client: apply to Ready"), Connect: new Samples("chain client: apply to first TCP connect")),
            (Name: DirectClient, Service: "bench-direct", Address: IPAddress.Parse(ChainManifests.DirectAddress), Ready: new Samples("direct client: apply to Ready"), Connect: new Samples("direct client: apply to first TCP connect")),
        };
        foreach (var k in kinds)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, k.Name + ".yaml"), ChainManifests.Client(k.Name, k.Service), ct);
        }

        using (var finalListener = await NetnsTcp.ListenAsync(final, ChainManifests.Port, ct))
        using (var directListener = await NetnsTcp.ListenAsync(direct, ChainManifests.Port, ct))
        {
            for (var i = 0; i < options.ChainSetups; i++)
            {
                foreach (var k in kinds)
                {
                    var (ready, connect, failed) = await ClientSetupAsync(ctl, Path.Combine(dir, k.Name + ".yaml"), k.Name, k.Address, ct);
                    k.Ready.Add(TimeSpan.FromMilliseconds(ready));
                    k.Connect.Add(TimeSpan.FromMilliseconds(connect));
                    Console.Error.WriteLine($"  {k.Name} #{i + 1}: Ready after {ready:F0} ms, first TCP connect after {connect:F0} ms ({failed} before)");
                    if (i < options.ChainSetups - 1)
                    {
                        await ctl.OkAsync(ct, "delete", "pod", k.Name, "-n", ChainManifests.Namespace);
                        await ctl.OkAsync(ct, "wait", "--for=delete", "pod", k.Name, "-n", ChainManifests.Namespace, "--timeout=30s");
                    }
                }
            }
        }

        const string Polled = "endpoints up; Ready polled with get -o jsonpath, TCP connects to port 5201 of the last endpoint started every 10 ms from the pod's namespace";
        foreach (var k in kinds)
        {
            Median(report, k.Ready, Polled);
            Median(report, k.Connect, Polled);
        }

        var extra = kinds[0].Connect.P(50) - kinds[1].Connect.P(50);
        report.Add(new Row(Section, "chain − direct: first TCP connect p50", extra, "ms", Note: $"two passthrough hops more (nse-firewall, {ChainManifests.MiddleHop}); chain / direct = {kinds[0].Connect.P(50) / kinds[1].Connect.P(50):F2}"));
    }

    /// <summary>One client pod: apply, then Ready and its first TCP connection, in ms from just before apply.</summary>
    private static async Task<(double Ready, double Connect, string Failed)> ClientSetupAsync(NsmctlCli ctl, string file, string name, IPAddress address, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await ctl.OkAsync(ct, "apply", "-f", file);
        double? ready = null;
        Task<NetnsTcp.FirstConnect>? connect = null;
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        const string Status = "jsonpath={.status.networkNamespace}{\" \"}{.status.conditions[?(@.type==\"Ready\")].status}";
        try
        {
            await NsmctlBench.UntilAsync(TimeSpan.FromSeconds(60), $"Ready pod {name} with a network namespace", async () =>
            {
                var (code, output, _) = await ctl.RunAsync(TimeSpan.FromSeconds(10), ct, "get", "pod", name, "-n", ChainManifests.Namespace, "-o", Status);
                var now = Stopwatch.GetTimestamp();
                var fields = output.Trim().Split(' ');
                if (code == 0 && connect is null && fields[0].Length > 0 && File.Exists(fields[0]))
                {
                    connect = NetnsTcp.FirstConnectAsync(fields[0], address, ChainManifests.Port, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(60), probe.Token);
                }

                ready ??= code == 0 && fields is [_, "True"] ? IcmpProbe.Ms(start, now) : null;
                return ready is not null && connect is not null;
            }, ct);
            var first = await connect!;
            return (ready!.Value, IcmpProbe.Ms(start, first.At), NetnsTcp.Describe(first.Failed));
        }
        finally
        {
            if (connect is not null)
            {
                await probe.CancelAsync();
                await Task.WhenAny(connect); // its attempts are cancelled and awaited
            }
        }
    }

    /// <summary>iperf3 runs from each client pod to its last endpoint, direct and chain in turn; medians and the ratio.</summary>
    private static async Task ThroughputAsync(Report report, NsmctlCli ctl, BenchOptions options, CancellationToken ct)
    {
        var chainNs = await BenchNode.PodNetnsAsync(ctl, ChainManifests.Namespace, ct, "pod", ChainClient);
        var directNs = await BenchNode.PodNetnsAsync(ctl, ChainManifests.Namespace, ct, "pod", DirectClient);
        var chain = new List<Iperf3.Result>();
        var direct = new List<Iperf3.Result>();
        for (var i = 0; i < options.IperfRounds; i++)
        {
            direct.Add(await Iperf3.RunClientAsync(directNs, ChainManifests.DirectAddress, ChainManifests.Port, options.IperfSeconds, ct));
            chain.Add(await Iperf3.RunClientAsync(chainNs, ChainManifests.FinalAddress, ChainManifests.Port, options.IperfSeconds, ct));
        }

        var runs = $"median of {options.IperfRounds} iperf3 run(s) of {options.IperfSeconds} s, one TCP stream, client pod → server in the endpoint pod's namespace";
        var d = Iperf3.Median(direct);
        var c = Iperf3.Median(chain);
        report.Add(new Row(Section, "direct: client → nse-direct TCP throughput", d.Gbits, "Gbit/s", Note: $"{runs}; retransmits {d.Retransmits}"));
        report.Add(new Row(Section, "chain: client → nse-firewall → ids → nse-final TCP throughput", c.Gbits, "Gbit/s", Note: $"{runs}; retransmits {c.Retransmits}; middle hop: {ChainManifests.MiddleHop}"));
        var ratio = 100 * c.Gbits / d.Gbits;
        report.Add(new Row(Section, "chain / direct throughput", ratio, "%", "≥ 80", ratio >= 80, $"runs (Gbit/s) chain {string.Join(", ", chain.Select(r => r.Gbits.ToString("F2", CultureInfo.InvariantCulture)))}; direct {string.Join(", ", direct.Select(r => r.Gbits.ToString("F2", CultureInfo.InvariantCulture)))}"));
    }

    private static void Median(Report report, Samples samples, string note)
    {
        var all = string.Join(", ", Enumerable.Range(0, samples.Count).Select(i => samples.P(100.0 * (i + 1) / samples.Count).ToString("F0", CultureInfo.InvariantCulture)));
        report.Add(new Row(Section, samples.Name + " p50", samples.P(50), "ms", Note: $"n={samples.Count} ({all} ms); {note}"));
    }

    private static Task<string> EndpointNetnsAsync(NsmctlCli ctl, string app, CancellationToken ct) =>
        BenchNode.PodNetnsAsync(ctl, ChainManifests.Namespace, ct, "pods", "-l", "app=" + app, "-o", "jsonpath={.items[0].status.networkNamespace}");
}
