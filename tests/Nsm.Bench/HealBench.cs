using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>
/// Heal figures: a real mesh with a cmd/nsc in its own namespace, pinged every 20 ms from inside that namespace;
/// each fault is injected and the time until pings work again is printed next to its target (never asserted).
/// Then every program gets SIGTERM and the time to exit is printed.
/// </summary>
internal static class HealBench
{
    private const string Section = "5 heal";
    private const string Service = "nsmb-heal";
    private const string Cidr = "172.17.0.0/16";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        Console.Error.WriteLine("5 heal: starting registry, nsmgr, forwarder-kernel, two nse-icmp-responders and a cmd/nsc ...");
        var mesh = new MeshPrograms(cleanup, options.BinDir);
        var nseNs = new List<NetNs>();
        using var nscNs = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "h-nsc", ct);
        try
        {
            var registry = await mesh.StartRegistryAsync("h-registry", ct);
            var nsmgr = await mesh.StartNsmgrAsync("h-nsmgr", ct);
            var forwarder = await mesh.StartForwarderAsync("h-forwarder", ct);
            var nses = new List<(RunningProgram P, NetNs Ns)>();
            for (var i = 1; i <= 2; i++)
            {
                var ns = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "h-nse" + i, ct);
                nseNs.Add(ns);
                nses.Add((await mesh.StartNseAsync("h-nse" + i, ns.DisplayName, Service, Cidr, ct), ns));
            }

            var nsc = mesh.StartNsc("h-nsc", nscNs.DisplayName, Service);
            var (index, peer) = await MeshPrograms.WaitForInterfaceAsync(nscNs, "nsm-1", TimeSpan.FromSeconds(30), ct);
            await using var probe = await IcmpProbe.StartAsync(nscNs, peer, Interval, 60_000, ct);
            if (!await probe.WaitSteadyAsync(10, TimeSpan.FromSeconds(10), ct))
            {
                throw new InvalidOperationException($"the NSC does not ping {peer} through nsm-1 after setup");
            }

            var nscStarts = 1;

            // Each scenario starts from a pinging NSC: after a fault that was not healed, the NSC is replaced.
            async Task<bool> ReadyAsync(string scenario, CancellationToken token)
            {
                if (await probe.WaitSteadyAsync(10, TimeSpan.FromSeconds(5), token))
                {
                    return true;
                }

                await MeshPrograms.TerminateAsync(nsc, TimeSpan.FromSeconds(5));
                nsc = mesh.StartNsc("h-nsc-" + (++nscStarts).ToString(System.Globalization.CultureInfo.InvariantCulture), nscNs.DisplayName, Service);
                if (await probe.WaitSteadyAsync(10, TimeSpan.FromSeconds(20), token))
                {
                    index = await IndexAsync(nscNs, token);
                    report.Add(new Row(Section, scenario + ": NSC replaced first", 1, "count", Note: "the NSC did not ping before it (an earlier fault not healed): a new cmd/nsc was started"));
                    return true;
                }

                report.Add(new Row(Section, scenario + ": skipped", double.NaN, "ms", Note: "the NSC did not ping before it, nor a new one within 20 s"));
                return false;
            }

            report.Add(new Row(Section, "probe", 20, "ms", Note: $"ICMP echo every 20 ms from {nscNs.DisplayName} to {peer}; figures are the time until pings work again"));

            // Registry restart: nothing on the data path should notice.
            if (await ReadyAsync("registry restart", ct))
            {
                var t0 = IcmpProbe.Now;
                await MeshPrograms.KillAsync(registry);
                registry = await mesh.StartRegistryAsync("h-registry-2", ct);
                await Task.Delay(Window, ct);
                var lost = probe.Lost(t0, IcmpProbe.Now, Grace);
                report.Add(new Row(Section, "registry restart: lost pings", lost, "count", "0", lost == 0, $"SIGKILL + start, {Window.TotalSeconds:F0} s watched"));
            }

            // nsmgr restart: back within 2 s, on the same interface.
            if (await ReadyAsync("nsmgr restart", ct))
            {
                var t0 = IcmpProbe.Now;
                await MeshPrograms.KillAsync(nsmgr);
                nsmgr = await mesh.StartNsmgrAsync("h-nsmgr-2", ct);
                await Task.Delay(Window, ct);
                Figure(report, probe, "nsmgr restart", t0, 2000, "SIGKILL + start");
                var after = await IndexAsync(nscNs, ct);
                report.Add(new Row(Section, "nsmgr restart: same nsm-1 (ifindex)", after == index ? 1 : 0, "same", "1", after == index, $"ifindex {index} → {after}"));
                index = after;
            }

            if (await ReadyAsync("forwarder restart", ct))
            {
                var t0 = IcmpProbe.Now;
                await MeshPrograms.KillAsync(forwarder);
                forwarder = await mesh.StartForwarderAsync("h-forwarder-2", ct);
                await Task.Delay(Window, ct);
                Figure(report, probe, "forwarder restart", t0, 2000, "SIGKILL + start");
            }

            // Endpoint killed while a second one is registered.
            if (await ReadyAsync("endpoint killed, second registered", ct))
            {
                var current = await CurrentAsync(nses);
                var t0 = IcmpProbe.Now;
                await KillEndpointAsync(current, ct);
                nses.Remove(current);
                await Task.Delay(Window, ct);
                Figure(report, probe, "endpoint killed, second registered", t0, 1000, "SIGKILL + its interfaces deleted (the pod is gone); from the kill");
            }

            // The last endpoint killed, then a new one started.
            if (await ReadyAsync("endpoint killed, new one started", ct))
            {
                var current = await CurrentAsync(nses);
                var killed = IcmpProbe.Now;
                await KillEndpointAsync(current, ct);
                nses.Remove(current);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var ns = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "h-nse3", ct);
                nseNs.Add(ns);
                var started = await mesh.StartNseAsync("h-nse3", ns.DisplayName, Service, Cidr, ct);
                var t0 = IcmpProbe.Now; // its log says it registered
                nses.Add((started, ns));
                await Task.Delay(Window, ct);
                Figure(report, probe, "endpoint killed, new one started", t0, 1000, "from the new endpoint's registration (1 s after the kill)", lostFrom: killed);
            }

            // Data-plane cut: the NSE-side veth deleted by hand.
            if (await ReadyAsync("data-plane cut", ct))
            {
                var (_, ns) = await CurrentAsync(nses);
                var t0 = IcmpProbe.Now;
                var cut = await DeleteInterfacesAsync(ns, ct);
                await Task.Delay(Window, ct);
                Figure(report, probe, "data-plane cut", t0, 1000, $"deleted {cut} in {ns.DisplayName}");
            }

            // Shutdown: SIGTERM to exit, per program.
            foreach (var p in new[] { nsc }.Concat(nses.Select(n => n.P)).Append(forwarder).Append(nsmgr).Append(registry))
            {
                var ms = await MeshPrograms.TerminateAsync(p, TimeSpan.FromSeconds(10));
                report.Add(new Row(Section, $"SIGTERM to exit: {p.Program} ({p.Name})", ms, "ms", "≤ 2000", ms <= 2000, double.IsNaN(ms) ? "still running after 10 s: killed" : ""));
            }
        }
        finally
        {
            mesh.KeepLogs(Path.Combine("artifacts", "heal-logs"));
            foreach (var ns in nseNs)
            {
                ns.Dispose();
            }
        }
    }


    private static void Figure(Report report, IcmpProbe probe, string scenario, long t0, double targetMs, string note, long? lostFrom = null)
    {
        var now = IcmpProbe.Now;
        var ms = probe.RecoveredAfter(t0, now, Grace);
        var lost = probe.Lost(lostFrom ?? t0, now, Grace);
        var text = double.IsNaN(ms) ? $"not pinging {Window.TotalSeconds:F0} s later; " : string.Empty;
        report.Add(new Row(Section, scenario + ": pings again after", ms, "ms", $"≤ {targetMs:F0}", ms <= targetMs, $"{text}{note}; {lost} pings lost"));
    }

    private static async Task<int> IndexAsync(NetNs ns, CancellationToken ct)
    {
        using var nl = await ns.OpenNetlinkAsync(ct);
        return (await nl.TryGetLinkAsync("nsm-1", ct))?.Index ?? 0;
    }

    /// <summary>The endpoint whose namespace holds the connection's interface (the first one if none does).</summary>
    private static async Task<(RunningProgram P, NetNs Ns)> CurrentAsync(List<(RunningProgram P, NetNs Ns)> nses)
    {
        foreach (var n in nses)
        {
            using var nl = await n.Ns.OpenNetlinkAsync();
            if ((await nl.ListLinksAsync()).Any(l => l.Name != "lo"))
            {
                return n;
            }
        }

        return nses[0];
    }

    private static async Task KillEndpointAsync((RunningProgram P, NetNs Ns) nse, CancellationToken ct)
    {
        await MeshPrograms.KillAsync(nse.P);
        await DeleteInterfacesAsync(nse.Ns, ct);
    }

    private static async Task<string> DeleteInterfacesAsync(NetNs ns, CancellationToken ct)
    {
        using var nl = await ns.OpenNetlinkAsync(ct);
        var names = (await nl.ListLinksAsync(ct)).Where(l => l.Name != "lo").Select(l => l.Name).ToList();
        foreach (var name in names)
        {
            await nl.DeleteLinkIfExistsAsync(name, ct);
        }

        return names.Count == 0 ? "nothing" : string.Join(',', names);
    }
}
