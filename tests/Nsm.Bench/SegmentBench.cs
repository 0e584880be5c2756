using System.Diagnostics;
using System.Globalization;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Bench;

/// <summary>
/// The guide's L2 section (issue 14) through nsmctl, on a node of the bench's own (a private <c>--state</c>,
/// <c>down</c> at the end whatever happens): examples/guide/l2 as printed (nse-vlan with <c>NSM_VLAN_ID=100</c>, two
/// clients given the guide's manual addresses). Throughput (iperf3, median of the runs) across the segment (client 1
/// → bridge in the NSE's namespace → client 2) and out of its VLAN uplink (client 1 → bridge → the NSE's <c>eth0</c>,
/// tagged 100 by the BPF tagger → a host on VLAN 100 whose own interface pops the tag), each against a plain veth
/// pair between two namespaces; then clients joining one segment per second (pods applied at once until each one's
/// interface is a port of the NSE's bridge). Every step is bounded; the figures are printed, never asserted.
/// </summary>
internal static class SegmentBench
{
    private const string Section = "9 segment";
    private const string Namespace = "default";
    private const int Port = 5201;
    private const int Joiners = 20;
    private const string Client2Address = "192.168.100.11";
    private const string VlanHostAddress = "192.168.100.50";

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        if (!Iperf3.Installed())
        {
            throw new InvalidOperationException("iperf3 is not on PATH (scripts/bench.sh installs Debian's iperf3 with apt-get)");
        }

        var root = options.BinDir.Length > 0 ? options.BinDir : MeshPrograms.FindRepoRoot();
        var guide = Path.Combine(root, "examples", "guide", "l2");
        var ctl = new NsmctlCli(root, Path.Combine(cleanup.Dir, "nsmctl-segment"));
        Console.Error.WriteLine($"9 segment: {ctl.Command}, programs {ctl.Programs ?? "(JIT builds)"}, state {ctl.State}, {guide} ...");
        report.Add(new Row(Section, "load average (1 min) before", NsmctlBench.LoadAverage(out var before), "", Note: $"/proc/loadavg {before}; {Environment.ProcessorCount} CPUs"));
        var links = BenchNode.RootLinks();
        var servers = new List<Process>();
        VlanHost? vlanHost = null;
        var failed = false;
        try
        {
            var veth = await PlainVethAsync(cleanup, servers, options, ct);
            report.Add(new Row(Section, "plain veth pair TCP throughput", veth.Gbits, "Gbit/s", Note: Runs(options) + " between two namespaces joined by one veth pair"));
            var floor = await PlainBridgeAsync(cleanup, servers, options, ct);
            report.Add(new Row(Section, "plain Linux bridge (veth, bridge, veth; no NSM) TCP throughput", floor.Gbits, "Gbit/s",
                Note: Runs(options) + $"; the segment's kernel floor: {100 * floor.Gbits / veth.Gbits:F1} % of the plain veth pair"));

            var start = Stopwatch.GetTimestamp();
            await ctl.OkAsync(ct, "apply", "-f", guide);
            await BenchNode.WaitReadyAsync(ctl, Namespace, ct, "pod", "l2-client-1", "l2-client-2");
            report.Add(new Row(Section, "guide L2: apply (starts the node) to both clients Ready", IcmpProbe.Ms(start, Stopwatch.GetTimestamp()), "ms", Note: "examples/guide/l2 as printed"));
            var nse = await BenchNode.PodNetnsAsync(ctl, Namespace, ct, "pods", "-l", "app=nse-l2-bridge", "-o", "jsonpath={.items[0].status.networkNamespace}");
            var client1 = await BenchNode.PodNetnsAsync(ctl, Namespace, ct, "pod", "l2-client-1");
            var client2 = await BenchNode.PodNetnsAsync(ctl, Namespace, ct, "pod", "l2-client-2");
            await AddressAsync(client1, "192.168.100.10/24", ct);
            await AddressAsync(client2, Client2Address + "/24", ct);
            await NsmctlBench.UntilAsync(TimeSpan.FromSeconds(30), "both clients in the NSE's bridge", async () => await BridgePortsAsync(nse, ct) >= 2, ct);

            servers.Add(await Iperf3.StartServerAsync(cleanup, client2, Port, ct));
            var segment = await MedianAsync(options, () => Iperf3.RunClientAsync(client1, Client2Address, Port, options.IperfSeconds, ct));
            report.Add(new Row(Section, "L2 segment: client 1 → bridge → client 2 TCP throughput", segment.Gbits, "Gbit/s", Note: Runs(options) + $"; retransmits {segment.Retransmits}"));
            Ratio(report, "L2 segment / plain veth throughput", segment, veth);

            vlanHost = await VlanHost.CreateAsync(cleanup, nse, ct);
            servers.Add(await Iperf3.StartServerAsync(cleanup, vlanHost.Path, Port, ct));
            var uplink = await MedianAsync(options, () => Iperf3.RunClientAsync(client1, VlanHostAddress, Port, options.IperfSeconds, ct));
            report.Add(new Row(Section, "VLAN uplink: client 1 → bridge → eth0 tagged 100 → host TCP throughput", uplink.Gbits, "Gbit/s", Note: Runs(options) + $"; retransmits {uplink.Retransmits}; the host pops the tag with the same BPF tagger"));
            Ratio(report, "VLAN uplink / plain veth throughput", uplink, veth);

            await JoinRateAsync(report, ctl, nse, ct);
        }
        catch (Exception) when (NsmctlBench.Keep(ctl, "bench-segment-logs"))
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

            if (vlanHost is not null)
            {
                await vlanHost.DisposeAsync();
            }

            var id = BenchNode.SupervisorId(ctl);
            var sw = Stopwatch.StartNew();
            var (code, _, error) = await ctl.RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None, "down");
            report.Add(new Row(Section, "down", sw.Elapsed.TotalMilliseconds, "ms", Note: code == 0 ? "pods, processes, namespaces and state removed" : $"exit {code}: {error.Trim()}"));
            BenchNode.Leftovers(report, Section, ctl, id, links);
            report.Add(new Row(Section, "load average (1 min) after", NsmctlBench.LoadAverage(out var after), "", Note: "/proc/loadavg " + after + (failed ? "; logs kept in artifacts/bench-segment-logs" : "")));
        }
    }

    /// <summary>The baseline: iperf3 across one veth pair between two namespaces of the bench's own.</summary>
    private static async Task<Iperf3.Result> PlainVethAsync(Cleanup cleanup, List<Process> servers, BenchOptions options, CancellationToken ct)
    {
        using var a = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "seg-a", ct);
        using var b = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "seg-b", ct);
        using (var nl = await a.OpenNetlinkAsync(ct))
        {
            await nl.AddLinkAsync(new VethLink("veth-a", "veth-b") { PeerNamespace = b, Up = true }, ct);
            await nl.AddAddressAsync("veth-a", NetlinkPrefix.Parse("10.99.0.1/24"), ct);
        }

        using (var nl = await b.OpenNetlinkAsync(ct))
        {
            await nl.AddAddressAsync("veth-b", NetlinkPrefix.Parse("10.99.0.2/24"), ct);
            await nl.SetLinkUpAsync("veth-b", ct);
        }

        var server = await Iperf3.StartServerAsync(cleanup, b.Path, Port, ct);
        servers.Add(server);
        return await MedianAsync(options, () => Iperf3.RunClientAsync(a.Path, "10.99.0.2", Port, options.IperfSeconds, ct));
    }

    /// <summary>The segment's floor without NSM: two namespaces, each with a veth into a third that bridges them.</summary>
    private static async Task<Iperf3.Result> PlainBridgeAsync(Cleanup cleanup, List<Process> servers, BenchOptions options, CancellationToken ct)
    {
        using var a = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "segbr-a", ct);
        using var b = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "segbr-b", ct);
        using var br = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "segbr", ct);
        using var brNl = await br.OpenNetlinkAsync(ct);
        await brNl.AddLinkAsync(new BridgeLink("br0") { Up = true }, ct);
        foreach (var (ns, address, port) in new[] { (a, "10.98.0.1/24", "port-a"), (b, "10.98.0.2/24", "port-b") })
        {
            using var nl = await ns.OpenNetlinkAsync(ct);
            await nl.AddLinkAsync(new VethLink("eth0", port) { PeerNamespace = br, Up = true }, ct);
            await nl.AddAddressAsync("eth0", NetlinkPrefix.Parse(address), ct);
            await brNl.SetMasterAsync(port, "br0", ct);
            await brNl.SetLinkUpAsync(port, ct);
        }

        servers.Add(await Iperf3.StartServerAsync(cleanup, b.Path, Port, ct));
        return await MedianAsync(options, () => Iperf3.RunClientAsync(a.Path, "10.98.0.2", Port, options.IperfSeconds, ct));
    }

    /// <summary>Clients applied at once; the time until every one's interface is a port of the NSE's bridge.</summary>
    private static async Task JoinRateAsync(Report report, NsmctlCli ctl, string nse, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(ctl.State)!, "segment-joiners.yaml");
        await File.WriteAllTextAsync(file, string.Join("---\n", Enumerable.Range(1, Joiners).Select(Joiner)), ct);
        var before = await BridgePortsAsync(nse, ct);
        var start = Stopwatch.GetTimestamp();
        await ctl.OkAsync(ct, "apply", "-f", file);
        await NsmctlBench.UntilAsync(TimeSpan.FromMinutes(2), $"{Joiners} more ports in the NSE's bridge", async () => await BridgePortsAsync(nse, ct) >= before + Joiners, ct);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        report.Add(new Row(Section, "clients joining one segment", Joiners / seconds, "clients/s",
            Note: $"{Joiners} client pods applied at once, {seconds:F1} s from apply until all are ports of the NSE's bridge (pod start, NSC, nsmgr, forwarder and the NSE's join included)"));
    }

    private static string Joiner(int i) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: l2-joiner-{i}
          annotations:
            networkservicemesh.io: l2-bridge
          labels:
            layer: "2"
        spec:
          containers:
          - name: ubuntu
            image: ubuntu:22.04

        """;

    /// <summary>How many links of the namespace are a bridge's ports.</summary>
    private static async Task<int> BridgePortsAsync(string netnsPath, CancellationToken ct)
    {
        using var ns = NetNs.Open(netnsPath);
        using var nl = await ns.OpenNetlinkAsync(ct);
        var all = await nl.ListLinksAsync(ct);
        var bridges = all.Where(l => l.Kind == "bridge").Select(l => l.Index).ToHashSet();
        return all.Count(l => l.MasterIndex is { } m && bridges.Contains(m));
    }

    private static async Task AddressAsync(string netnsPath, string prefix, CancellationToken ct)
    {
        using var ns = NetNs.Open(netnsPath);
        using var nl = await ns.OpenNetlinkAsync(ct);
        await nl.AddAddressAsync("nsm-1", NetlinkPrefix.Parse(prefix), ct);
        await nl.SetLinkUpAsync("nsm-1", ct);
    }

    internal static async Task<Iperf3.Result> MedianAsync(BenchOptions options, Func<Task<Iperf3.Result>> run)
    {
        var runs = new List<Iperf3.Result>();
        for (var i = 0; i < options.IperfRounds; i++)
        {
            runs.Add(await run());
        }

        return Iperf3.Median(runs);
    }

    private static void Ratio(Report report, string metric, Iperf3.Result path, Iperf3.Result veth)
    {
        var ratio = 100 * path.Gbits / veth.Gbits;
        report.Add(new Row(Section, metric, ratio, "%", "≥ 90", ratio >= 90,
            $"{path.Gbits.ToString("F2", CultureInfo.InvariantCulture)} / {veth.Gbits.ToString("F2", CultureInfo.InvariantCulture)} Gbit/s"));
    }

    private static string Runs(BenchOptions options) => $"median of {options.IperfRounds} iperf3 run(s) of {options.IperfSeconds} s, one TCP stream";

    /// <summary>
    /// A host on VLAN 100 behind the NSE's uplink: a veth whose end goes into the NSE pod as <c>eth0</c> (nse-vlan's
    /// default uplink; it attaches once the link appears) and whose other end, in a namespace of the bench's own,
    /// carries the host's address with the BPF tagger popping and pushing tag 100.
    /// </summary>
    private sealed class VlanHost(NetNs ns, NetlinkHandle netlink, BpfVlanTagger tagger) : IAsyncDisposable
    {
        public string Path => ns.Path;

        public static async Task<VlanHost> CreateAsync(Cleanup cleanup, string nsePath, CancellationToken ct)
        {
            using var nse = NetNs.Open(nsePath);
            var host = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "seg-vlan100", ct);
            var nl = await host.OpenNetlinkAsync(ct);
            await nl.AddLinkAsync(new VethLink("lan0", "eth0") { PeerNamespace = nse, Up = true }, ct);
            await nl.AddAddressAsync("lan0", NetlinkPrefix.Parse(VlanHostAddress + "/24"), ct);
            using (var nseNl = await nse.OpenNetlinkAsync(ct))
            {
                await nseNl.SetLinkUpAsync("eth0", ct);
            }

            var tagger = await BpfVlanTagger.AttachAsync(nl, "lan0", 100, cancellationToken: ct);
            await NsmctlBench.UntilAsync(TimeSpan.FromSeconds(30), "the NSE's uplink eth0 in its bridge", async () => await BridgePortsAsync(nsePath, ct) >= 3, ct);
            return new VlanHost(host, nl, tagger);
        }

        public async ValueTask DisposeAsync()
        {
            await tagger.DisposeAsync();
            netlink.Dispose();
            ns.Dispose();
        }
    }
}
