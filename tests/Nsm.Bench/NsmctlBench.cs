using System.Diagnostics;
using System.Globalization;
using System.Net;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>
/// nsmctl against its targets (issue 12), with a node of the bench's own (a private <c>--state</c>, <c>down</c> at the
/// end whatever happens): the guide's Simple L3 from <c>apply</c> to the first echo reply from the client pod to
/// 10.100.1.1 (cold: the first apply also starts the node; warm: the node is up), 50 client pods of one service
/// from <c>apply</c> to all Ready, and how long <c>get</c>/<c>describe</c> take to answer (the whole CLI process).
/// Every wait is bounded; the figures are printed next to their targets, never asserted.
/// </summary>
internal static class NsmctlBench
{
    private const string Section = "7 nsmctl";
    private const int Clients = 50;
    private const int Calls = 50;
    private static readonly IPAddress Endpoint = IPAddress.Parse("10.100.1.1");

    public static async Task RunAsync(Report report, Cleanup cleanup, BenchOptions options, CancellationToken ct)
    {
        var root = options.BinDir.Length > 0 ? options.BinDir : MeshPrograms.FindRepoRoot();
        var guide = Path.Combine(root, "examples", "guide", "simple-l3");
        var ctl = new NsmctlCli(root, Path.Combine(cleanup.Dir, "nsmctl"));
        Console.Error.WriteLine($"7 nsmctl: {ctl.Command}, programs {ctl.Programs ?? "(JIT builds)"}, state {ctl.State} ...");
        report.Add(new Row(Section, "load average (1 min) before", LoadAverage(out var before), "", Note: $"/proc/loadavg {before}; {Environment.ProcessorCount} CPUs"));
        var failed = false;
        try
        {
            await ApplyToPingAsync(report, ctl, guide, "Simple L3 cold: apply (starts the node) to ping", ct);
            await ReportProgramsAsync(report, ctl, ct);

            await ctl.OkAsync(ct, "delete", "-f", guide);
            await ctl.OkAsync(ct, "wait", "--for=delete", "pod", "client", "--timeout=30s");
            await ctl.OkAsync(ct, "wait", "--for=delete", "pod", "-l", "app=nse-isolated", "--timeout=30s");
            await ApplyToPingAsync(report, ctl, guide, "Simple L3 warm: apply (node up) to ping", ct);

            await ClientsReadyAsync(report, ctl, ct);
            await LatencyAsync(report, ctl, ct);
        }
        catch (Exception) when (Keep(ctl))
        {
            failed = true;
            throw;
        }
        finally
        {
            var sw = Stopwatch.StartNew();
            var (code, _, error) = await ctl.RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None, "down");
            report.Add(new Row(Section, "down", sw.Elapsed.TotalMilliseconds, "ms", Note: code == 0 ? "pods, processes, namespaces and state removed" : $"exit {code}: {error.Trim()}"));
            report.Add(new Row(Section, "load average (1 min) after", LoadAverage(out var after), "", Note: "/proc/loadavg " + after + (failed ? "; logs kept in artifacts/bench-nsmctl-logs" : "")));
        }
    }

    /// <summary>From <c>apply -f simple-l3</c> to the first echo reply from the client pod's namespace to the endpoint.</summary>
    private static async Task ApplyToPingAsync(Report report, NsmctlCli ctl, string guide, string metric, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await ctl.OkAsync(ct, "apply", "-f", guide);
        var applied = IcmpProbe.Ms(start, Stopwatch.GetTimestamp());
        var netns = "";
        await UntilAsync(TimeSpan.FromSeconds(60), "the client pod's network namespace", async () =>
        {
            var (code, path, _) = await ctl.RunAsync(TimeSpan.FromSeconds(10), ct, "get", "pod", "client", "-o", "jsonpath={.status.networkNamespace}");
            netns = path;
            return code == 0 && path.Length > 0 && File.Exists(path);
        }, ct);
        using var ns = NetNs.Open(netns);
        await using var probe = await IcmpProbe.StartAsync(ns, Endpoint, TimeSpan.FromMilliseconds(10), 6000, ct);
        await UntilAsync(TimeSpan.FromSeconds(60), $"an echo reply from {Endpoint}", () => Task.FromResult(probe.FirstReply() is not null), ct);
        var ms = IcmpProbe.Ms(start, probe.FirstReply()!.Value);
        report.Add(new Row(Section, metric, ms, "ms", "≤ 3000", ms <= 3000, $"apply returned after {applied:F0} ms; pinged every 10 ms from the pod's namespace"));
    }

    /// <summary>Whether the node's programs run as the AOT builds (the nsmgr pod's process image).</summary>
    private static async Task ReportProgramsAsync(Report report, NsmctlCli ctl, CancellationToken ct)
    {
        var pid = await ctl.OkAsync(ct, "get", "pods", "-n", "nsm-system", "-l", "app=nsmgr", "-o", "jsonpath={.items[0].status.containerStatuses[0].pid}");
        var exe = File.Exists($"/proc/{pid}/exe") ? new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "?" : "?";
        var aot = !Path.GetFileName(exe).StartsWith("dotnet", StringComparison.Ordinal) && exe != "?";
        report.Add(new Row(Section, "programs run as Native AOT builds", aot ? 1 : 0, "bool", Note: $"nsmgr pid {pid.Trim()}: {exe}; nsmctl: {ctl.Command}"));
    }

    /// <summary>A Deployment of <see cref="Clients"/> pods asking for the guide's service, from apply to all Ready.</summary>
    private static async Task ClientsReadyAsync(Report report, NsmctlCli ctl, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(ctl.State)!, "bench-clients.yaml");
        await File.WriteAllTextAsync(file, $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: bench-clients
            spec:
              replicas: {Clients}
              selector:
                matchLabels:
                  app: bench-client
              template:
                metadata:
                  labels:
                    app: bench-client
                  annotations:
                    networkservicemesh.io: isolated-network
                spec:
                  containers:
                  - name: alpine
                    image: alpine:latest
            """, ct);
        var start = Stopwatch.GetTimestamp();
        await ctl.OkAsync(ct, "apply", "-f", file);
        var applied = IcmpProbe.Ms(start, Stopwatch.GetTimestamp());
        double? first = null;
        var ready = 0;
        const string readiness = "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}";
        try
        {
            await UntilAsync(TimeSpan.FromMinutes(2), $"{Clients} ready client pods", async () =>
            {
                var lines = await ctl.OkAsync(ct, "get", "pods", "-l", "app=bench-client", "-o", readiness);
                ready = lines.Split('\n').Count(l => l == "True");
                first ??= ready > 0 ? IcmpProbe.Ms(start, Stopwatch.GetTimestamp()) : null;
                return ready >= Clients;
            }, ct);
        }
        finally
        {
            var ms = IcmpProbe.Ms(start, Stopwatch.GetTimestamp());
            report.Add(new Row(Section, $"{Clients} client pods of one service: apply to all Ready", ready >= Clients ? ms : double.NaN, "ms", "≤ 10000", ready >= Clients && ms <= 10000,
                $"{ready}/{Clients} Ready after {ms:F0} ms; apply returned after {applied:F0} ms, first Ready at {first ?? double.NaN:F0} ms; polled with get -o jsonpath"));
        }
    }

    /// <summary>The whole CLI process of get and describe, <see cref="Calls"/> times each, with the clients running.</summary>
    private static async Task LatencyAsync(Report report, NsmctlCli ctl, CancellationToken ct)
    {
        string[][] commands = [["get", "pods"], ["get", "pods", "-A", "-o", "wide"], ["describe", "pod", "client"]];
        foreach (var args in commands)
        {
            var samples = new Samples("nsmctl " + string.Join(' ', args));
            for (var i = 0; i < Calls + 2; i++)
            {
                var sw = Stopwatch.StartNew();
                await ctl.OkAsync(ct, args);
                if (i >= 2)
                {
                    samples.Add(sw.Elapsed); // the first two warm the page cache
                }
            }

            report.AddLatency(Section, samples, p50Max: 100, p99Max: 100, note: $"process start to exit, {Clients + 2} pods in default");
        }
    }

    internal static async Task UntilAsync(TimeSpan max, string what, Func<Task<bool>> done, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (await done())
            {
                return;
            }

            if (sw.Elapsed > max)
            {
                throw new TimeoutException($"no {what} within {max.TotalSeconds:F0} s");
            }

            await Task.Delay(10, ct);
        }
    }

    internal static double LoadAverage(out string line)
    {
        line = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";
        return double.TryParse(line.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
    }

    /// <summary>Copies the supervisor's and the pods' logs out of the state folder (to artifacts/<paramref name="folder"/>) before <c>down</c> removes it; true (an exception filter that lets the exception through).</summary>
    internal static bool Keep(NsmctlCli ctl, string folder = "bench-nsmctl-logs")
    {
        var target = Path.Combine("artifacts", folder);
        try
        {
            Directory.CreateDirectory(target);
            foreach (var f in new[] { Path.Combine(ctl.State, "supervisor.log") }.Concat(Directory.Exists(Path.Combine(ctl.State, "logs")) ? Directory.GetFiles(Path.Combine(ctl.State, "logs")) : []))
            {
                if (File.Exists(f))
                {
                    File.Copy(f, Path.Combine(target, Path.GetFileName(f)), overwrite: true);
                }
            }
        }
        catch (IOException)
        {
        }

        return true;
    }
}
