using Nsm.Sdk.Builder;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Kernel.Namespaces;
using Path = System.IO.Path;

namespace Nsm.Bench;

/// <summary>
/// Real processes, started the way scripts/run-programs.sh starts them: registry, nsmgr and forwarder-kernel in the host
/// namespace on unix sockets, nse-icmp-responder in pod namespace nsmb-nse; the bench process is the NSC (pod
/// namespace nsmb-nsc, interfaces nsm-&lt;i&gt;).
/// </summary>
internal static class MeshBench
{
    private const string Service = "nsmb-icmp";

    // Enough Request+Close pairs that every program has compiled its hot paths before anything is timed.
    private const int WarmUpRequests = 100;
    private static readonly string NscNs = Cleanup.Prefix + "nsc";
    private static readonly string NseNs = Cleanup.Prefix + "nse";

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, double floorP50, CancellationToken ct)
    {
        const string section = "3 setup";
        Console.Error.WriteLine("3 mesh: starting registry, nsmgr, forwarder-kernel, nse-icmp-responder ...");
        var dir = cleanup.Dir;
        var root = options.BinDir.Length > 0 ? options.BinDir : FindRepoRoot();
        string Dll(string project, string name) => Path.Combine(root, "cmd", project, "bin", "Release", "net10.0", name + ".dll");
        using var nsc = await cleanup.CreateNamespaceAsync(NscNs, ct);
        using var nse = await cleanup.CreateNamespaceAsync(NseNs, ct);
        var reg = "unix://" + Path.Combine(dir, "registry.sock");
        var nsmgrUrl = "unix://" + Path.Combine(dir, "nsm.io.sock");
        var logLevel = Environment.GetEnvironmentVariable("NSMB_LOG_LEVEL") ?? "INFO";

        Profiled = options.Profile;
        using var profiler = options.Profile ? new Nsm.Sdk.Core.SpanProfiler() : null;
        var registry = Start(cleanup, dir, "registry", null, Dll("registry", "nsm-registry"), ("NSM_LISTEN_ON", reg), ("NSM_LOG_LEVEL", logLevel));
        await WaitAsync(() => File.Exists(Path.Combine(dir, "registry.sock")), "registry socket", dir, ct);
        var nsmgr = Start(cleanup, dir, "nsmgr", null, Dll("nsmgr", "nsm-nsmgr"), ("NSM_NAME", "nsmb-nsmgr"), ("NSM_LISTEN_ON", nsmgrUrl), ("NSM_REGISTRY_URL", reg), ("NSM_LOG_LEVEL", logLevel));
        await WaitAsync(() => File.Exists(Path.Combine(dir, "nsm.io.sock")), "nsmgr socket", dir, ct);
        var forwarder = Start(cleanup, dir, "forwarder", null, Dll("forwarder-kernel", "nsm-forwarder-kernel"), ("NSM_NAME", "nsmb-forwarder"), ("NSM_CONNECT_TO", nsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(dir, "forwarder.sock")), ("NSM_LOG_LEVEL", "INFO"));
        await WaitAsync(() => LogContains(dir, "forwarder", "registered"), "forwarder registration", dir, ct);
        var endpoint = Start(cleanup, dir, "nse", NseNs, Dll("nse-icmp-responder", "nsm-nse-icmp-responder"), ("NSM_NAME", "nsmb-nse"), ("NSM_CONNECT_TO", nsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(dir, "nse.sock")), ("NSM_SERVICE_NAMES", Service), ("NSM_CIDR_PREFIX", "172.16.0.0/16"), ("NSM_LOG_LEVEL", "INFO"));
        await WaitAsync(() => LogContains(dir, "nse", "registered"), "endpoint registration", dir, ct);

        using var lifetime = new CancellationTokenSource();
        var client = new NsmClient(new ClientOptions
        {
            Name = "nsmb-nsc",
            ClientUrl = new Uri(nsmgrUrl),
            Refresh = false,
            DialTimeout = TimeSpan.FromSeconds(5),
            AdditionalFunctionality = [new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForNamedNetNS(NscNs) })],
        }, new NsmBuildContext { Lifetime = lifetime.Token });
        var netnsUrl = KernelMechanismOptions.ForNamedNetNS(NscNs);
        var next = 0;

        NetworkServiceRequest NewRequest(int i)
        {
            var mechanism = KernelMechanism.New(netnsUrl);
            mechanism.Parameters[KernelMechanism.InterfaceNameKey] = "nsm-" + i.ToString(CultureInfo.InvariantCulture);
            return new NetworkServiceRequest
            {
                Connection = new Connection { Id = "nsmb-" + i.ToString(CultureInfo.InvariantCulture), NetworkService = Service },
                MechanismPreferences = { mechanism },
            };
        }

        async Task<Connection> RequestAsync(int i)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            return await client.RequestAsync(NewRequest(i), timeout.Token);
        }

        async Task CloseAsync(Connection c)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await client.CloseAsync(c, timeout.Token);
        }

        try
        {
            // Warm-up: the first Request may race the endpoint's registration reaching nsmgr; retry for up to 30 s.
            var warm = Stopwatch.StartNew();
            Connection? first = null;
            Exception? last = null;
            while (first is null && warm.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    first = await RequestAsync(next++);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    last = ex;
                    await Task.Delay(200, ct);
                }
            }

            if (first is null)
            {
                throw new InvalidOperationException("no connection within 30 s: " + last?.Message, last);
            }

            report.Add(new Row(section, "first Request (cold: JIT, dials)", warm.Elapsed.TotalMilliseconds, "ms"));
            var ifName = first.Mechanism?.Parameters.GetValueOrDefault(KernelMechanism.InterfaceNameKey) ?? "?";
            using (var nl = await nsc.OpenNetlinkAsync(ct))
            {
                var link = await nl.GetLinkAsync(ifName, ct);
                report.Add(new Row(section, $"interface {ifName} in {NscNs} after Request", 1, "exists", "exists", true, link.ToString() ?? string.Empty));
            }

            await CloseAsync(first);
            for (var w = 0; w < WarmUpRequests; w++)
            {
                await CloseAsync(await RequestAsync(next++)); // warm the whole path
            }

            profiler?.Reset();
            if (options.Run("mesh"))
            {
                // Sequential setup latency.
                var setup = new Samples("Request (sequential)");
                var close = new Samples("Close (sequential)");
                var failures = 0;
                var programs = new (string Name, Process P)[] { ("nsmgr", nsmgr), ("forwarder", forwarder), ("nse", endpoint), ("registry", registry) };
                var cpuBefore = programs.Select(p => CpuMs(p.P.Id)).ToArray();
                var ownBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
                var leftAfterClose = 0;
                using var nscLinks = await nsc.OpenNetlinkAsync(ct);
                var budget = Stopwatch.StartNew();
                for (var i = 0; i < options.SetupCount && budget.Elapsed < TimeSpan.FromSeconds(60); i++)
                {
                    try
                    {
                        var sw = Stopwatch.StartNew();
                        var c = await RequestAsync(next++);
                        setup.Add(sw.Elapsed);
                        sw.Restart();
                        await CloseAsync(c);
                        close.Add(sw.Elapsed);
                        if (await nscLinks.TryGetLinkAsync(c.Mechanism?.Parameters.GetValueOrDefault(KernelMechanism.InterfaceNameKey) ?? "nsm-?", ct) is not null)
                        {
                            leftAfterClose++;
                        }
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        failures++;
                        Console.Error.WriteLine("  request failed: " + ex.Message);
                    }
                }

                var pairs = Math.Max(1, setup.Count);
                var cpu = programs.Select((p, i) => (p.Name, Ms: (CpuMs(p.P.Id) - cpuBefore[i]) / pairs)).ToList();
                var own = (Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - ownBefore) / pairs;
                report.Add(new Row("3 cpu", "CPU per Request+Close, all processes", cpu.Sum(c => c.Ms) + own, "ms",
                    Note: string.Join(", ", cpu.Select(c => $"{c.Name} {c.Ms:F2}")) + $", nsc (bench) {own:F2}; 2 cores → at most {2000 / (cpu.Sum(c => c.Ms) + own):F0} Request+Close/s"));
                report.AddLatency(section, setup, p50Max: 5, p99Max: 20, note: "NSC in-process → nsmgr → forwarder-kernel → NSE (processes, " + Build + "), KERNEL, refresh off");
                report.AddLatency(section, close, p50Max: 5, note: "the veth is set down and renamed; its delete (kernel RCU wait) runs in the forwarder's background");
                report.Add(new Row(section, "interface still there when Close returned", leftAfterClose, "count", "0", leftAfterClose == 0, $"of {close.Count} Closes"));
                await SameNameAsync(report, section, CloseAsync, NewRequest, client, nscLinks, ct);
                report.Add(new Row(section, "failed Requests", failures, "count", "0", failures == 0));
                if (double.IsFinite(floorP50))
                {
                    var ratio = setup.P(50) / floorP50;
                    report.Add(new Row(section, "setup p50 / floor p50", ratio, "x", "≤ 2", ratio <= 2));
                }

                // Throughput at several concurrency levels: `RateCount` Requests, then all closed.
                foreach (var level in options.Concurrency)
                {
                    ct.ThrowIfCancellationRequested();
                    var open = new ConcurrentBag<Connection>();
                    var fails = 0;
                    var started = -1;
                    var count = options.RateCount;
                    var sw = Stopwatch.StartNew();
                    await Task.WhenAll(Enumerable.Range(0, level).Select(async _ =>
                    {
                        while (Interlocked.Increment(ref started) < count)
                        {
                            try
                            {
                                open.Add(await RequestAsync(Interlocked.Increment(ref next)));
                            }
                            catch (Exception ex) when (!ct.IsCancellationRequested)
                            {
                                Interlocked.Increment(ref fails);
                                Console.Error.WriteLine("  request failed: " + ex.Message);
                            }
                        }
                    }));
                    var setupRate = open.Count / sw.Elapsed.TotalSeconds;
                    sw.Restart();
                    var closed = open.Count;
                    await CloseAllAsync(open, level, CloseAsync);
                    var closeRate = closed / sw.Elapsed.TotalSeconds;
                    report.Add(new Row("3 rate", $"setups/s, {level} concurrent", setupRate, "conn/s", "≥ 200", setupRate >= 200, $"{closed} ok, {fails} failed"));
                    report.Add(new Row("3 rate", $"closes/s, {level} concurrent", closeRate, "conn/s", "", null, $"{closed} closed"));
                }
            }

            if (options.Run("memory"))
            {
                Console.Error.WriteLine("4 memory ...");
                var live = new ConcurrentBag<Connection>();
                var procs = new (string Name, Process P)[] { ("nsmgr", nsmgr), ("forwarder", forwarder), ("nse", endpoint), ("registry", registry) };
                foreach (var level in options.MemoryLevels.Order())
                {
                    var fails = 0;
                    var sw = Stopwatch.StartNew();
                    while (live.Count + fails < level && sw.Elapsed < TimeSpan.FromSeconds(60))
                    {
                        var batch = Math.Min(10, level - live.Count - fails);
                        await Task.WhenAll(Enumerable.Range(0, batch).Select(async _ =>
                        {
                            try
                            {
                                live.Add(await RequestAsync(Interlocked.Increment(ref next)));
                            }
                            catch (Exception ex) when (!ct.IsCancellationRequested)
                            {
                                Interlocked.Increment(ref fails);
                                Console.Error.WriteLine("  request failed: " + ex.Message);
                            }
                        }));
                    }

                    await Task.Delay(1000, ct);
                    foreach (var (name, p) in procs)
                    {
                        var rss = VmRssMiB(p.Id);
                        var isTarget = name == "nsmgr" && level >= 1000;
                        report.Add(new Row("4 memory", $"{name} VmRSS at {live.Count} live connections", rss, "MiB", isTarget ? "≤ 100" : "", isTarget ? rss <= 100 : null, (fails > 0 ? $"{fails} failed; " : "") + Build));
                    }

                    await HoldAsync(procs, live.Count, ct);
                }

                var n = live.Count;
                var closeSw = Stopwatch.StartNew();
                await CloseAllAsync(live, 10, CloseAsync);
                report.Add(new Row("4 memory", $"closed {n} connections", closeSw.Elapsed.TotalSeconds, "s"));
                await Task.Delay(1000, ct);
                foreach (var (name, p) in procs.Take(2))
                {
                    report.Add(new Row("4 memory", $"{name} VmRSS after closing all", VmRssMiB(p.Id), "MiB"));
                }

                using var nl = await nsc.OpenNetlinkAsync(ct);
                var left = (await nl.ListLinksAsync(ct)).Count(l => l.Name.StartsWith("nsm-", StringComparison.Ordinal));
                report.Add(new Row("4 memory", $"nsm-* interfaces left in {NscNs}", left, "count", "0", left == 0));
            }
        }
        finally
        {
            await lifetime.CancelAsync();
            if (profiler is not null)
            {
                await WriteProfilesAsync(profiler, dir, [endpoint, forwarder, nsmgr, registry]);
            }
        }
    }

    private static bool Profiled { get; set; }

    /// <summary>Request, Close and Request again the same interface name (nsm-same) 50 times; each Request must work.</summary>
    private static async Task SameNameAsync(
        Report report,
        string section,
        Func<Connection, Task> close,
        Func<int, NetworkServiceRequest> newRequest,
        NsmClient client,
        Nsm.Sdk.Kernel.Netlink.NetlinkHandle links,
        CancellationToken ct)
    {
        var failures = 0;
        var missing = 0;
        const int count = 50;
        for (var i = 0; i < count; i++)
        {
            var r = newRequest(900_000 + i);
            r.MechanismPreferences[0].Parameters[KernelMechanism.InterfaceNameKey] = "nsm-same";
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                var c = await client.RequestAsync(r, timeout.Token);
                if (await links.TryGetLinkAsync("nsm-same", ct) is null)
                {
                    missing++;
                }

                await close(c);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failures++;
                Console.Error.WriteLine("  same-name request failed: " + ex.Message);
            }
        }

        report.Add(new Row(section, "Request right after Close, same interface name", failures + missing, "failed", "0", failures + missing == 0, $"{count} Request+Close of nsm-same"));
    }

    private static string Build => Environment.GetEnvironmentVariable("NSMB_EXE_NSMGR") is null ? "JIT builds" : "Native AOT builds";

    /// <summary>Stops the programs so that they write their span profiles, then prints every profile and copies it to artifacts/.</summary>
    private static async Task WriteProfilesAsync(Nsm.Sdk.Core.SpanProfiler nsc, string dir, Process[] programs)
    {
        foreach (var p in programs)
        {
            await Cleanup.StopAsync(p, TimeSpan.FromSeconds(5));
        }

        Directory.CreateDirectory("artifacts");
        var tables = new List<(string Name, string Table)> { ("nsc (bench process)", nsc.FormatTable()) };
        foreach (var name in new[] { "nsmgr", "forwarder", "nse", "registry" })
        {
            var file = Path.Combine(dir, name + ".profile");
            tables.Add((name, File.Exists(file) ? await File.ReadAllTextAsync(file) : "(no profile written)\n"));
        }

        foreach (var (name, table) in tables)
        {
            Console.Error.WriteLine($"--- span profile: {name} (after warm-up for the NSC; whole run for programs)");
            Console.Error.Write(string.Join('\n', table.Split('\n').Take(25)) + "\n");
            await File.WriteAllTextAsync(Path.Combine("artifacts", "profile-" + name.Split(' ')[0] + ".tsv"), table);
        }
    }

    private static async Task CloseAllAsync(ConcurrentBag<Connection> open, int concurrency, Func<Connection, Task> close)
    {
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(async _ =>
        {
            while (open.TryTake(out var c))
            {
                try
                {
                    await close(c);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Console.Error.WriteLine("  close failed: " + ex.Message);
                }
            }
        }));
    }

    /// <summary>User + system CPU time of a process from /proc/PID/stat, in milliseconds (clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 10.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>With NSMB_MEMORY_HOLD=SECONDS, waits that long at each memory level (pids on stderr) so the processes can be inspected.</summary>
    private static async Task HoldAsync((string Name, Process P)[] procs, int live, CancellationToken ct)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("NSMB_MEMORY_HOLD"), CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return;
        }

        Console.Error.WriteLine($"  holding {seconds} s at {live} live connections: " + string.Join(", ", procs.Select(p => $"{p.Name} pid {p.P.Id}")));
        await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
    }

    private static double VmRssMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    private static Process Start(Cleanup cleanup, string dir, string name, string? netns, string dll, params (string Key, string Value)[] env)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the cmd projects in Release (scripts/bench.sh does)", dll);
        }

        // NSMB_EXE_<NAME>=path runs a native build (e.g. Native AOT) of that program instead of `dotnet <dll>`.
        var exe = Environment.GetEnvironmentVariable("NSMB_EXE_" + name.ToUpperInvariant());
        var psi = new ProcessStartInfo(netns is not null ? "ip" : exe ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            foreach (var a in new[] { "netns", "exec", netns, exe ?? "dotnet" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        if (exe is null)
        {
            psi.ArgumentList.Add(dll);
        }

        psi.Environment["NSM_INSECURE"] = "true"; // the mesh bench measures plaintext; programs need the explicit opt-in
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        if (Profiled)
        {
            psi.Environment["NSM_SPAN_PROFILE"] = Path.Combine(dir, name + ".profile");
        }

        var log = new StreamWriter(Path.Combine(dir, name + ".log")) { AutoFlush = true };
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => Write(log, e.Data);
        p.ErrorDataReceived += (_, e) => Write(log, e.Data);
        p.Exited += (_, _) => Console.Error.WriteLine($"  process {name} exited");
        p.Start();
        cleanup.Track(p);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Console.Error.WriteLine($"  started {name} (pid {p.Id}){(netns is null ? string.Empty : " in " + netns)}");
        return p;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static bool LogContains(string dir, string name, string text)
    {
        try
        {
            using var s = new FileStream(Path.Combine(dir, name + ".log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(s);
            return r.ReadToEnd().Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task WaitAsync(Func<bool> ready, string what, string dir, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (!ready())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(30))
            {
                foreach (var f in Directory.GetFiles(dir, "*.log"))
                {
                    Console.Error.WriteLine($"--- {f}");
                    Console.Error.WriteLine(string.Join('\n', File.ReadLines(f).TakeLast(15)));
                }

                throw new TimeoutException("timed out waiting for the " + what);
            }

            await Task.Delay(100, ct);
        }
    }

    private static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Nsm.Sdk.sln")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
