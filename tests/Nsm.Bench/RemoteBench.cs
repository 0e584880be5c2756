using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>
/// Two nodes (issue 15) through nsmctl (<c>up --nodes 2</c>, a private <c>--state</c> and node range, <c>down</c> at the
/// end whatever happens), the client and the NSE kept apart by upstream's podAntiAffinity: throughput (iperf3, median)
/// over VXLAN (ETHERNET payload) and over WireGuard (IP payload, wireguard-go) against the node network itself
/// (node namespace to node namespace, veth–bridge–veth); remote setup (client pods applied one at a time, apply →
/// the NSC's "connected to", p50/p99); heal of a pinging client (every 20 ms) after the NSE's node loses its forwarder,
/// its nsmgr, its link, and after the NSE dies: the time from the failed part being back (the new pod Ready, the link
/// up, the replacement NSE Ready) to the last lost ping. Every step is bounded; the figures are printed, never asserted.
/// </summary>
internal static class RemoteBench
{
    private const string Section = "10 remote";
    private const int Port = 5201;
    private const string NseAddress = "172.16.1.100";
    private const int SetupClients = 10;

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        if (!Iperf3.Installed())
        {
            throw new InvalidOperationException("iperf3 is not on PATH (scripts/bench.sh installs Debian's iperf3 with apt-get)");
        }

        var root = options.BinDir.Length > 0 ? options.BinDir : MeshPrograms.FindRepoRoot();
        var data = Path.Combine(root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data");
        report.Add(new Row(Section, "load average (1 min) before", NsmctlBench.LoadAverage(out var before), "", Note: $"/proc/loadavg {before}; {Environment.ProcessorCount} CPUs"));
        var underlay = await RunMeshAsync(report, cleanup, options, root, "vxlan", Path.Combine(data, "nodes-remote.yaml"), "ns-kernel2kernel", "10.213.60.0/24", heal: true, 0, ct);
        await RunMeshAsync(report, cleanup, options, root, "wireguard", Path.Combine(data, "kernel2wireguard2kernel.yaml"), "ns-kernel2wireguard2kernel", "10.213.61.0/24", heal: false, underlay, ct);
        report.Add(new Row(Section, "load average (1 min) after", NsmctlBench.LoadAverage(out var after), "", Note: "/proc/loadavg " + after));
    }

    /// <summary>One mesh: the node network measured first when <paramref name="baseline"/> is 0; returns the node network's Gbit/s.</summary>
    private static async Task<double> RunMeshAsync(Report report, Cleanup cleanup, BenchOptions options, string root, string mechanism, string manifest, string ns, string range, bool heal, double baseline, CancellationToken ct)
    {
        var ctl = new NsmctlCli(root, Path.Combine(cleanup.Dir, "nsmctl-remote-" + mechanism));
        Console.Error.WriteLine($"10 remote ({mechanism}): {ctl.Command}, state {ctl.State}, {manifest} ...");
        var links = BenchNode.RootLinks();
        var servers = new List<Process>();
        try
        {
            await ctl.OkAsync(ct, "up", "--nodes", "2", "--node-network", range);
            var nodes = JsonNode.Parse(await ctl.OkAsync(ct, "get", "nodes", "-o", "json"))!["items"]!.AsArray();
            string Annotation(int i, string key) => nodes[i]!["metadata"]!["annotations"]![key]!.GetValue<string>();
            string Address(int i) => nodes[i]!["status"]!["addresses"]![0]!["address"]!.GetValue<string>();
            if (baseline == 0)
            {
                servers.Add(await Iperf3.StartServerAsync(cleanup, "/run/netns/" + Annotation(1, "nsmctl.io/netns"), Port, ct));
                var underlay = await SegmentBench.MedianAsync(options, () => Iperf3.RunClientAsync("/run/netns/" + Annotation(0, "nsmctl.io/netns"), Address(1), Port, options.IperfSeconds, ct));
                report.Add(new Row(Section, "node network: node 1 → node 2 TCP throughput (no NSM)", underlay.Gbits, "Gbit/s", Note: $"{options.IperfRounds} × {options.IperfSeconds} s, median; veth, bridge, veth between the node namespaces"));
                baseline = underlay.Gbits;
            }

            await ctl.OkAsync(ct, "apply", "-f", manifest);
            await BenchNode.WaitReadyAsync(ctl, ns, ct, "pod", "alpine");
            await BenchNode.WaitReadyAsync(ctl, ns, ct, "pod", "-l", "app=nse-kernel");
            var client = await BenchNode.PodNetnsAsync(ctl, ns, ct, "pod", "alpine");
            var nse = await BenchNode.PodNetnsAsync(ctl, ns, ct, "pods", "-l", "app=nse-kernel", "-o", "jsonpath={.items[0].status.networkNamespace}");
            await NsmctlBench.UntilAsync(TimeSpan.FromSeconds(30), "the client's first ping", async () => await PingsAsync(client, ct), ct);

            // The iperf3 server runs inside the NSE's namespace: stopped right after, or it would keep that namespace (and
            // its interface, answering pings) alive after the NSE pod is deleted, and the NSE-death row would lose nothing.
            var nseServer = await Iperf3.StartServerAsync(cleanup, nse, Port, ct);
            var tunnel = await SegmentBench.MedianAsync(options, () => Iperf3.RunClientAsync(client, NseAddress, Port, options.IperfSeconds, ct));
            await Cleanup.StopAsync(nseServer, TimeSpan.FromSeconds(3));
            report.Add(new Row(Section, $"client → NSE across nodes over {mechanism} TCP throughput", tunnel.Gbits, "Gbit/s",
                Note: $"{options.IperfRounds} × {options.IperfSeconds} s, median; retransmits {tunnel.Retransmits}; {100 * tunnel.Gbits / baseline:F1} % of the node network"));

            if (heal)
            {
                await HealAsync(report, ctl, ns, client, nodes, ct);
            }

            await SetupAsync(report, ctl, ns, mechanism, ct);
            return baseline;
        }
        finally
        {
            foreach (var server in servers)
            {
                await Cleanup.StopAsync(server, TimeSpan.FromSeconds(3));
            }

            var id = BenchNode.SupervisorId(ctl);
            var (code, _, error) = await ctl.RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None, "down");
            if (code != 0)
            {
                report.Add(new Row(Section, $"down ({mechanism})", code, "exit", Note: error.Trim()));
            }

            BenchNode.Leftovers(report, Section, ctl, id, links);
        }
    }

    /// <summary>
    /// The client pod deleted and applied again, one at a time (the NSE's /31 has one client address): apply → Ready
    /// (the NSC's "connected to"), each.
    /// </summary>
    private static async Task SetupAsync(Report report, NsmctlCli ctl, string ns, string mechanism, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(ctl.State)!, $"remote-client-{mechanism}.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: alpine
              namespace: {{ns}}
              labels: {app: alpine}
              annotations:
                networkservicemesh.io: kernel://{{ns[3..]}}/nsm-1
            spec:
              containers: [{name: alpine, image: alpine:3.15.0}]
            """, ct);
        var times = new List<double>();
        for (var i = 0; i < SetupClients; i++)
        {
            await ctl.OkAsync(ct, "delete", "pod", "alpine", "-n", ns);
            await NsmctlBench.UntilAsync(TimeSpan.FromSeconds(30), "the client pod gone", async () => (await ctl.RunAsync(TimeSpan.FromSeconds(20), ct, "get", "pod", "alpine", "-n", ns)).Code != 0, ct);
            var start = Stopwatch.GetTimestamp();
            await ctl.OkAsync(ct, "apply", "-f", file);
            await BenchNode.WaitReadyAsync(ctl, ns, ct, "pod", "alpine");
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        report.Add(new Row(Section, $"remote setup over {mechanism}: client pod apply → connected, p50", times[times.Count / 2], "ms", Note: $"{SetupClients} times the client pod deleted and applied again; the NSC's process start (JIT) included"));
        report.Add(new Row(Section, $"remote setup over {mechanism}: client pod apply → connected, p99", times[^1], "ms", Note: $"max of {SetupClients}"));
    }

    private static async Task HealAsync(Report report, NsmctlCli ctl, string ns, string client, JsonArray nodes, CancellationToken ct)
    {
        var pods = JsonNode.Parse(await ctl.OkAsync(ct, "get", "pods", "-n", ns, "-l", "app=nse-kernel", "-o", "json"))!["items"]!.AsArray();
        var nseNode = pods[0]!["spec"]!["nodeName"]!.GetValue<string>();
        var link = nodes.First(n => n!["metadata"]!["name"]!.GetValue<string>() == nseNode)!["metadata"]!["annotations"]!["nsmctl.io/host-link"]!.GetValue<string>();
        using var clientNs = NetNs.Open(client);
        await using var probe = await IcmpProbe.StartAsync(clientNs, IPAddress.Parse(NseAddress), TimeSpan.FromMilliseconds(20), 30_000, ct);
        await probe.WaitSteadyAsync(10, TimeSpan.FromSeconds(20), ct);

        async Task MeasureAsync(string scenario, Func<Task> fail, Func<Task> back)
        {
            var trigger = IcmpProbe.Now;
            await fail();
            await back();
            var backAt = IcmpProbe.Now;
            var steady = await probe.WaitSteadyAsync(10, TimeSpan.FromSeconds(60), ct);
            var recovered = probe.RecoveredAfter(trigger, IcmpProbe.Now, TimeSpan.FromMilliseconds(300));
            var afterBack = Math.Max(0, recovered - IcmpProbe.Ms(trigger, backAt));
            report.Add(new Row(Section, $"heal: {scenario}: last lost ping after the part is back", steady ? afterBack : double.NaN, "ms",
                Note: $"{IcmpProbe.Ms(trigger, backAt):F0} ms from the fault to the part back; last lost ping {recovered:F0} ms after the fault (target ≤ 2000 ms after back)"));
        }

        foreach (var app in new[] { "forwarder-kernel", "nsmgr" })
        {
            await MeasureAsync($"{app} on the NSE's node restarted",
                () => ctl.OkAsync(ct, "delete", "pod", "-n", "nsm-system", "-l", "app=" + app, "--field-selector", "spec.nodeName==" + nseNode),
                () => BenchNode.WaitReadyAsync(ctl, "nsm-system", ct, "pod", "-l", "app=" + app));
        }

        await MeasureAsync("the NSE's node link down 3 s, then up",
            async () =>
            {
                RunIp($"link set {link} down");
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
            },
            () =>
            {
                RunIp($"link set {link} up");
                return Task.CompletedTask;
            });
        var dead = pods[0]!["metadata"]!["name"]!.GetValue<string>();
        await MeasureAsync("the NSE died and its replacement registered",
            () => ctl.OkAsync(ct, "delete", "pod", "-n", ns, dead),
            () => NsmctlBench.UntilAsync(TimeSpan.FromMinutes(1), "a replacement NSE pod Ready", async () => await ReplacementReadyAsync(ctl, ns, dead, ct), ct));
    }

    /// <summary>Whether an NSE pod other than <paramref name="dead"/> is Ready (a terminating pod may still say Ready).</summary>
    private static async Task<bool> ReplacementReadyAsync(NsmctlCli ctl, string ns, string dead, CancellationToken ct)
    {
        var items = JsonNode.Parse(await ctl.OkAsync(ct, "get", "pods", "-n", ns, "-l", "app=nse-kernel", "-o", "json"))!["items"]!.AsArray();
        return items.Any(p => p!["metadata"]!["name"]!.GetValue<string>() != dead
            && (p["status"]?["conditions"]?.AsArray().Any(c => c!["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") ?? false));
    }

    private static void RunIp(string args)
    {
        using var p = Process.Start(new ProcessStartInfo("ip", args) { RedirectStandardError = true })!;
        p.WaitForExit(10_000);
    }

    private static async Task<bool> PingsAsync(string netns, CancellationToken ct)
    {
        using var p = Process.Start(new ProcessStartInfo("ip", $"netns exec {Path.GetFileName(netns)} ping -c 1 -W 1 {NseAddress}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await p.WaitForExitAsync(ct);
        return p.ExitCode == 0;
    }
}
