using System.Diagnostics;
using System.Globalization;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Bench;

/// <summary>
/// Soak: the local mesh with NSM_MAX_TOKEN_LIFETIME=20s on every program and N cmd/nsc processes, each in its own
/// namespace and pinged once per second from inside it (bounded: minutes × 60 echoes each). Counts heal episodes
/// (reselects and restores, from the nsc logs), changes of nsm-1's ifindex (sampled every second), lost pings, and
/// VmRSS per program after warm-up and at the end. Prints numbers next to targets; never asserts.
/// </summary>
internal static class SoakBench
{
    private const string Section = "6 soak";
    private const string Service = "nsmb-soak";
    private const string Cidr = "172.18.0.0/16";
    private const string TokenLifetime = "20s";

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        var duration = TimeSpan.FromMinutes(options.SoakMinutes);
        var warmUp = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 3));
        var clients = options.SoakClients;
        Console.Error.WriteLine($"6 soak: {clients} cmd/nsc for {duration.TotalMinutes:F1} min, NSM_MAX_TOKEN_LIFETIME={TokenLifetime} on every program ...");
        // With --svid-lifetime every program runs mTLS with SVIDs from a development Workload API that rotates them at half-life.
        var identityDir = options.SoakSvidLifetime is null ? null : Directory.CreateTempSubdirectory("nsmb-soak-spiffe-").FullName;
        var identity = identityDir is null ? null : await Nsm.Sdk.Hosting.Spiffe.DevWorkloadApiServer.StartAsync(
            new Nsm.Sdk.Hosting.Spiffe.DevWorkloadApiServerOptions { SocketPath = Path.Combine(identityDir, "agent.sock"), SvidLifetime = options.SoakSvidLifetime!.Value }, cancellationToken: ct);
        (string, string)[] common = identity is null
            ? [("NSM_MAX_TOKEN_LIFETIME", TokenLifetime)]
            : [("NSM_MAX_TOKEN_LIFETIME", TokenLifetime), ("SPIFFE_ENDPOINT_SOCKET", identity.Address.ToString())];
        var mesh = new MeshPrograms(cleanup, options.BinDir, common);
        var namespaces = new List<NetNs>();
        var handles = new List<NetlinkHandle>();
        var probes = new List<IcmpProbe>();
        try
        {
            var programs = new List<RunningProgram>
            {
                await mesh.StartRegistryAsync("s-registry", ct),
                await mesh.StartNsmgrAsync("s-nsmgr", ct),
                await mesh.StartForwarderAsync("s-forwarder", ct),
            };
            var nseNs = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "s-nse", ct);
            namespaces.Add(nseNs);
            programs.Add(await mesh.StartNseAsync("s-nse", nseNs.DisplayName, Service, Cidr, ct));
            var nscs = new List<(RunningProgram P, NetNs Ns)>();
            for (var i = 0; i < clients; i++)
            {
                var ns = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "s-nsc" + i.ToString(CultureInfo.InvariantCulture), ct);
                namespaces.Add(ns);
                nscs.Add((mesh.StartNsc("s-nsc" + i.ToString(CultureInfo.InvariantCulture), ns.DisplayName, Service), ns));
            }

            var indexes = new int[clients];
            var changes = new int[clients];
            var echoes = (int)Math.Ceiling(duration.TotalSeconds);
            for (var i = 0; i < clients; i++)
            {
                var (index, peer) = await MeshPrograms.WaitForInterfaceAsync(nscs[i].Ns, "nsm-1", TimeSpan.FromSeconds(60), ct);
                indexes[i] = index;
                handles.Add(await nscs[i].Ns.OpenNetlinkAsync(ct));
                probes.Add(await IcmpProbe.StartAsync(nscs[i].Ns, peer, TimeSpan.FromSeconds(1), echoes, ct));
            }

            Console.Error.WriteLine($"  all {clients} clients connected; soaking for {duration.TotalMinutes:F1} min");
            var start = IcmpProbe.Now;
            var sw = Stopwatch.StartNew();
            var all = programs.Concat(nscs.Select(n => n.P)).ToList();
            double[]? warm = null;
            var nextReport = TimeSpan.FromMinutes(1);
            while (sw.Elapsed < duration + TimeSpan.FromSeconds(2))
            {
                await Task.Delay(1000, ct);
                for (var i = 0; i < clients; i++)
                {
                    var now = (await handles[i].TryGetLinkAsync("nsm-1", ct))?.Index ?? 0;
                    if (now != indexes[i])
                    {
                        changes[i]++;
                        indexes[i] = now;
                    }
                }

                if (warm is null && sw.Elapsed >= warmUp)
                {
                    warm = [.. all.Select(p => MeshPrograms.VmRssMiB(p.Process))];
                }

                if (sw.Elapsed >= nextReport)
                {
                    nextReport += TimeSpan.FromMinutes(1);
                    var lostSoFar = probes.Sum(p => p.Lost(start, IcmpProbe.Now, TimeSpan.FromSeconds(2)));
                    Console.Error.WriteLine($"  {sw.Elapsed.TotalMinutes:F0} min: {lostSoFar} pings lost, {changes.Sum()} interface changes, {Reselects(nscs)} reselects");
                }
            }

            var end = all.Select(p => MeshPrograms.VmRssMiB(p.Process)).ToArray();
            warm ??= end;
            var sent = probes.Sum(p => p.Sent);
            var lost = probes.Sum(p => p.Lost(start, IcmpProbe.Now, TimeSpan.FromSeconds(2)));
            var reselects = Reselects(nscs);
            var restores = nscs.Sum(n => n.P.CountInLog("attempt 1 to restore"));
            var failed = nscs.Sum(n => n.P.CountInLog("request failed"));
            var rotations = options.SoakSvidLifetime is { } svid ? (int)(sw.Elapsed / (svid / 2)) : 0;
            var note = $"{clients} clients, {duration.TotalMinutes:F1} min, tokens {TokenLifetime}"
                + (options.SoakSvidLifetime is { } lifetime ? $", mTLS, SVIDs of {lifetime.TotalSeconds:F0} s rotated {rotations} times" : ", plaintext");
            report.Add(new Row(Section, "reselects (nsc logs: heals that reselect)", reselects, "count", "0", reselects == 0, note));
            report.Add(new Row(Section, "restores (nsc logs: heals that restore)", restores, "count", "", null, note));
            report.Add(new Row(Section, "failed Requests (nsc logs)", failed, "count", "0", failed == 0, note));
            report.Add(new Row(Section, "interface changes (nsm-1 ifindex, sampled every s)", changes.Sum(), "count", "0", changes.Sum() == 0, string.Join(' ', changes)));
            report.Add(new Row(Section, "lost pings", lost, "count", "0", lost == 0, $"of {sent} (1 per s per client)"));
            for (var i = 0; i < programs.Count; i++)
            {
                AddRss(report, programs[i].Program, warm[i], end[i], warmUp);
            }

            var nscWarm = warm.Skip(programs.Count).ToArray();
            var nscEnd = end.Skip(programs.Count).ToArray();
            var worst = Enumerable.Range(0, clients).MaxBy(i => nscEnd[i] - nscWarm[i]);
            AddRss(report, $"nsc (worst of {clients})", nscWarm[worst], nscEnd[worst], warmUp);
        }
        finally
        {
            mesh.KeepLogs(Path.Combine("artifacts", "soak-logs"));
            if (identity is not null)
            {
                await identity.DisposeAsync();
                Directory.Delete(identityDir!, recursive: true);
            }

            foreach (var p in probes)
            {
                await p.DisposeAsync();
            }

            foreach (var h in handles)
            {
                h.Dispose();
            }

            foreach (var ns in namespaces)
            {
                ns.Dispose();
            }
        }
    }

    private static int Reselects(List<(RunningProgram P, NetNs Ns)> nscs) => nscs.Sum(n => n.P.CountInLog("attempt 1 to reselect"));

    private static void AddRss(Report report, string name, double warm, double end, TimeSpan warmUp)
    {
        var delta = end - warm;
        report.Add(new Row(Section, $"{name} VmRSS end − after warm-up", delta, "MiB", "≤ +5", delta <= 5, $"{warm:F1} MiB after {warmUp.TotalSeconds:F0} s → {end:F1} MiB at the end" + (delta < 0 ? " (shrank: the GC handed memory back)" : "")));
    }
}
