// Nsm.Bench: connection setup against its physical floor, on one machine, with real namespaces and processes.
// Run as root through scripts/bench.sh. Prints a table; writes JSON (--json PATH). Never asserts.
using System.Globalization;
using System.Runtime.InteropServices;
using Nsm.Bench;

if (args is ["--echo-server", var echoSocket])
{
    // A trivial gRPC server in a process of its own, for the cross-process floor; ends on SIGTERM.
    using var stop = new CancellationTokenSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
    {
        ctx.Cancel = true;
        stop.Cancel();
    });
    await using var echo = await FloorBench.RunEchoServerAsync(new Uri("unix://" + echoSocket), stop.Token);
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    return 0;
}

var options = BenchOptions.Parse(args);
var report = new Report();
await using var cleanup = new Cleanup();
using var cts = new CancellationTokenSource(options.TotalBudget);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("interrupted: cleaning up");
    cts.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    cts.Cancel();
});
AppDomain.CurrentDomain.ProcessExit += (_, _) => cleanup.DisposeNow();
if (options.Run("floor") || options.Run("mesh") || options.Run("memory") || options.Run("heal") || options.Only.Contains("soak"))
{
    Cleanup.RemoveStale();
}

var ct = cts.Token;

double floorP50 = double.NaN;
if (options.Run("floor"))
{
    Console.Error.WriteLine("1 floor ...");
    try
    {
        var (create, retire, delete, open) = await FloorBench.NetlinkAsync(cleanup, options.FloorCount, TimeSpan.FromSeconds(40), ct);
        report.AddLatency("1 floor", create, note: "VethPairConfigurator.CreateAsync, ends in two nsmb-* namespaces");
        report.AddLatency("1 floor", retire, note: "VethPairConfigurator.RetireAsync: what the forwarder's Close waits for");
        report.AddLatency("1 floor", delete, note: "VethPairConfigurator.DeleteRetiredAsync (the kernel's RCU wait; in the forwarder's background)");
        report.AddLatency("1 floor", open, note: "NetNs.OpenNetlinkAsync: a thread enters the namespace, opens the socket; part of each veth create (twice)");
        var grpc = await FloorBench.GrpcAsync(cleanup.Dir, 3, options.FloorCount, TimeSpan.FromSeconds(30), ct);
        report.AddLatency("1 floor", grpc, note: "NSC→nsmgr→forwarder→NSE, trivial servers on unix sockets");
        var crossGrpc = await FloorBench.GrpcAsync(cleanup.Dir, 3, options.FloorCount, TimeSpan.FromSeconds(30), ct, crossProcess: cleanup);
        report.AddLatency("1 floor", crossGrpc, note: "the same 3 calls, each server a process of its own (as in the mesh); informative, not the floor");
        floorP50 = create.P(50) + grpc.P(50);
        report.Add(new Row("1 floor", "floor p50 = veth create p50 + gRPC p50", floorP50, "ms"));
        report.Add(new Row("1 floor", "floor p99 = veth create p99 + gRPC p99", create.P(99) + grpc.P(99), "ms"));
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("1 floor", ex);
    }
}

if (options.Run("registry") && !ct.IsCancellationRequested)
{
    Console.Error.WriteLine("2 registry ...");
    try
    {
        await RegistryBench.RunAsync(report, cleanup.Dir, options.RegistryEndpoints, 100, options.RegistryCalls, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("2 registry", ex);
    }
}

if ((options.Run("mesh") || options.Run("memory")) && !ct.IsCancellationRequested)
{
    try
    {
        await MeshBench.RunAsync(report, cleanup, options, floorP50, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("3 mesh", ex);
    }
}

if (options.Run("heal") && !ct.IsCancellationRequested)
{
    try
    {
        await HealBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("5 heal", ex);
    }
}

if (options.Run("nsmctl") && !ct.IsCancellationRequested)
{
    try
    {
        await NsmctlBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("7 nsmctl", ex);
    }
}

if (options.Run("chain") && !ct.IsCancellationRequested)
{
    try
    {
        await ChainBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("8 chain", ex);
    }
}

if (options.Run("segment") && !ct.IsCancellationRequested)
{
    try
    {
        await SegmentBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("9 segment", ex);
    }
}

if (options.Run("remote") && !ct.IsCancellationRequested)
{
    try
    {
        await RemoteBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("10 remote", ex);
    }
}

// The soak runs only when asked for (--only soak; scripts/soak.sh).
if (options.Only.Contains("soak") && !ct.IsCancellationRequested)
{
    try
    {
        await SoakBench.RunAsync(report, cleanup, options, ct);
    }
    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        report.Error("6 soak", ex);
    }
}

if (ct.IsCancellationRequested)
{
    report.Error("bench", new OperationCanceledException("stopped early (Ctrl+C, SIGTERM or the total time budget): the numbers above are partial"));
}

await cleanup.DisposeAsync();
Console.WriteLine();
report.Print(Console.Out);
var env = new Dictionary<string, string>
{
    ["machine"] = Environment.MachineName,
    ["cpus"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
    ["os"] = RuntimeInformation.OSDescription,
    ["runtime"] = RuntimeInformation.FrameworkDescription,
    ["args"] = string.Join(' ', args),
};
report.WriteJson(options.JsonPath, env);
Console.WriteLine($"JSON: {options.JsonPath}");
return 0;

/// <summary>Command-line options.</summary>
internal sealed record BenchOptions
{
    public string JsonPath { get; init; } = "artifacts/bench.json";

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public int FloorCount { get; init; } = 200;

    public int RegistryEndpoints { get; init; } = 10_000;

    public int RegistryCalls { get; init; } = 1_000;

    public int SetupCount { get; init; } = 200;

    public int[] Concurrency { get; init; } = [1, 10, 50];

    public int RateCount { get; init; } = 200;

    public int[] MemoryLevels { get; init; } = [0, 100, 1000];

    public string BinDir { get; init; } = "";

    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>Gets how long the soak runs (--minutes).</summary>
    public double SoakMinutes { get; init; } = 30;

    /// <summary>Gets how many cmd/nsc processes the soak runs (--clients).</summary>
    public int SoakClients { get; init; } = 10;

    /// <summary>
    /// Gets the SVID lifetime of a soak run with mTLS (--svid-lifetime, e.g. 12s: a development Workload API rotates
    /// every SVID at half of it), or null for the plaintext soak.
    /// </summary>
    public TimeSpan? SoakSvidLifetime { get; init; }

    /// <summary>Gets how many client pods the chain section sets up per kind (chain, direct) for its setup p50.</summary>
    public int ChainSetups { get; init; } = 5;

    /// <summary>Gets the length of one iperf3 run in seconds (the chain section).</summary>
    public int IperfSeconds { get; init; } = 5;

    /// <summary>Gets how many iperf3 runs per kind the chain section takes the median of.</summary>
    public int IperfRounds { get; init; } = 3;

    /// <summary>Gets a value indicating whether every process writes where its Requests spent their time (NSM_SPAN_PROFILE).</summary>
    public bool Profile { get; init; }

    public bool Run(string part) => Only.Count == 0 || Only.Contains(part);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int[] Ints(string s) => [.. s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))];
            o = args[i] switch
            {
                "--json" => o with { JsonPath = Next() },
                "--only" => o with { Only = Next().Split(',').ToHashSet() },
                "--bin" => o with { BinDir = Next() },
                "--profile" => o with { Profile = true },
                "--quick" => o with { FloorCount = 50, RegistryEndpoints = 2_000, RegistryCalls = 200, SetupCount = 50, RateCount = 50, MemoryLevels = [0, 100], Concurrency = [1, 10], ChainSetups = 3, IperfSeconds = 3, IperfRounds = 1 },
                "--floor-count" => o with { FloorCount = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--setup-count" => o with { SetupCount = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => o with { Concurrency = Ints(Next()) },
                "--memory-levels" => o with { MemoryLevels = Ints(Next()) },
                "--minutes" => o with { SoakMinutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--clients" => o with { SoakClients = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--svid-lifetime" => o with { SoakSvidLifetime = TimeSpan.FromSeconds(double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown argument {args[i]} (--json P, --only floor,registry,mesh,memory,heal,nsmctl,chain,segment,remote,soak, --bin DIR, --quick, --profile, --minutes N, --clients N, --svid-lifetime Ns)"),
            };
        }

        // The soak runs as long as asked, plus time to start and stop the mesh; a full run has the nsmctl and chain sections too.
        o = o.Only.Count == 0 ? o with { TotalBudget = o.TotalBudget + TimeSpan.FromMinutes(5) } : o;
        return o.Only.Contains("soak") ? o with { TotalBudget = o.TotalBudget + TimeSpan.FromMinutes(o.SoakMinutes + 3) } : o;
    }
}
