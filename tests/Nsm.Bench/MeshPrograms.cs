using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Path = System.IO.Path;

namespace Nsm.Bench;

/// <summary>One started program: its process and log file.</summary>
internal sealed record RunningProgram(string Name, string Program, Process Process, string LogPath)
{
    public bool LogContains(string text)
    {
        try
        {
            using var s = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(s);
            return r.ReadToEnd().Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public int CountInLog(string text)
    {
        try
        {
            using var s = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(s);
            var count = 0;
            while (r.ReadLine() is { } line)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            return count;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>
/// Starts the real programs (registry, nsmgr, forwarder-kernel, nse-icmp-responder, nsc) the way scripts/run-programs.sh
/// does, on unix sockets in the bench's temp dir, with extra environment for every program (e.g. a short
/// NSM_MAX_TOKEN_LIFETIME); NSMB_EXE_&lt;PROGRAM&gt; runs a native build instead of <c>dotnet &lt;dll&gt;</c>.
/// Used by the heal and soak sections, which kill and restart programs.
/// </summary>
internal sealed class MeshPrograms(Cleanup cleanup, string binDir, params (string Key, string Value)[] common)
{
    private static readonly Dictionary<string, (string Project, string Binary)> Projects = new(StringComparer.Ordinal)
    {
        ["registry"] = ("registry", "nsm-registry"),
        ["nsmgr"] = ("nsmgr", "nsm-nsmgr"),
        ["forwarder"] = ("forwarder-kernel", "nsm-forwarder-kernel"),
        ["nse"] = ("nse-icmp-responder", "nsm-nse-icmp-responder"),
        ["nsc"] = ("nsc", "nsm-nsc"),
    };

    private readonly string _root = binDir.Length > 0 ? binDir : FindRepoRoot();

    public string Dir => cleanup.Dir;

    public string RegistryUrl => "unix://" + Path.Combine(Dir, "registry.sock");

    public string NsmgrUrl => "unix://" + Path.Combine(Dir, "nsm.io.sock");

    public static string LogLevel => Environment.GetEnvironmentVariable("NSMB_LOG_LEVEL") ?? "INFO";

    public async Task<RunningProgram> StartRegistryAsync(string name, CancellationToken ct)
    {
        var sock = Path.Combine(Dir, "registry.sock");
        File.Delete(sock);
        var p = Start(name, "registry", null, ("NSM_LISTEN_ON", RegistryUrl));
        await WaitAsync(() => File.Exists(sock), p, "registry socket", ct);
        return p;
    }

    public async Task<RunningProgram> StartNsmgrAsync(string name, CancellationToken ct)
    {
        var sock = Path.Combine(Dir, "nsm.io.sock");
        File.Delete(sock);
        var p = Start(name, "nsmgr", null, ("NSM_NAME", "nsmb-nsmgr"), ("NSM_LISTEN_ON", NsmgrUrl), ("NSM_REGISTRY_URL", RegistryUrl));
        await WaitAsync(() => File.Exists(sock), p, "nsmgr socket", ct);
        return p;
    }

    public async Task<RunningProgram> StartForwarderAsync(string name, CancellationToken ct)
    {
        var p = Start(name, "forwarder", null, ("NSM_NAME", "nsmb-forwarder"), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(Dir, name + ".sock")));
        await WaitAsync(() => p.LogContains("registered"), p, "forwarder registration", ct);
        return p;
    }

    /// <summary>Starts an ICMP responder in <paramref name="netns"/>; returns once its log says it registered.</summary>
    public async Task<RunningProgram> StartNseAsync(string name, string netns, string service, string cidr, CancellationToken ct)
    {
        var p = Start(name, "nse", netns, ("NSM_NAME", "nsmb-" + name), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(Dir, name + ".sock")), ("NSM_SERVICE_NAMES", service), ("NSM_CIDR_PREFIX", cidr));
        await WaitAsync(() => p.LogContains("registered"), p, name + " registration", ct);
        return p;
    }

    /// <summary>Starts a cmd/nsc in <paramref name="netns"/> asking for kernel://service/nsm-1.</summary>
    public RunningProgram StartNsc(string name, string netns, string service) =>
        Start(name, "nsc", netns, ("NSM_NAME", "nsmb-" + name), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_NETWORK_SERVICES", $"kernel://{service}/nsm-1"));

    public RunningProgram Start(string name, string program, string? netns, params (string Key, string Value)[] env)
    {
        var (project, binary) = Projects[program];
        var dll = Path.Combine(_root, "cmd", project, "bin", "Release", "net10.0", binary + ".dll");
        var exe = Environment.GetEnvironmentVariable("NSMB_EXE_" + program.ToUpperInvariant());
        if (exe is null && !File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build cmd/{project} in Release (scripts/bench.sh does)", dll);
        }

        var psi = new ProcessStartInfo(netns is not null ? "ip" : exe ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

        psi.Environment["NSM_LOG_LEVEL"] = LogLevel;
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (k, v) in common.Concat(env))
        {
            psi.Environment[k] = v;
        }

        if (!psi.Environment.ContainsKey("SPIFFE_ENDPOINT_SOCKET"))
        {
            psi.Environment["NSM_INSECURE"] = "true"; // the mesh bench measures plaintext; programs need the explicit opt-in
        }

        var logPath = Path.Combine(Dir, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        cleanup.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Console.Error.WriteLine($"  started {name} (pid {process.Id}){(netns is null ? string.Empty : " in " + netns)}");
        return new RunningProgram(name, program, process, logPath);
    }

    /// <summary>Copies every program log of this run to <paramref name="target"/> (the temp dir is deleted at the end).</summary>
    public void KeepLogs(string target)
    {
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(Dir, "*.log"))
        {
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)), overwrite: true);
        }

        Console.Error.WriteLine($"  program logs: {target}");
    }

    /// <summary>SIGKILL, and waits for the exit.</summary>
    public static async Task KillAsync(RunningProgram p)
    {
        try
        {
            p.Process.Kill(entireProcessTree: true);
            await p.Process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>SIGTERM; returns the ms until the process exited (NaN after <paramref name="max"/>, then SIGKILL).</summary>
    public static async Task<double> TerminateAsync(RunningProgram p, TimeSpan max)
    {
        if (p.Process.HasExited)
        {
            return double.NaN;
        }

        var sw = Stopwatch.StartNew();
        _ = Signals.Kill(p.Process.Id, Signals.SIGTERM);
        using var cts = new CancellationTokenSource(max);
        try
        {
            await p.Process.WaitForExitAsync(cts.Token);
            return sw.Elapsed.TotalMilliseconds;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(p);
            return double.NaN;
        }
    }

    /// <summary>VmRSS of a process in MiB (NaN when it is gone).</summary>
    public static double VmRssMiB(Process p)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
        }

        return double.NaN;
    }

    /// <summary>Waits for <c>nsm-1</c> in <paramref name="ns"/> and returns it with the peer (the /32 host route through it).</summary>
    public static async Task<(int Index, IPAddress Peer)> WaitForInterfaceAsync(NetNs ns, string name, TimeSpan max, CancellationToken ct)
    {
        using var nl = await ns.OpenNetlinkAsync(ct);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < max)
        {
            if (await nl.TryGetLinkAsync(name, ct) is { } link)
            {
                var routes = await nl.ListRoutesAsync(AddressFamily.InterNetwork, cancellationToken: ct);
                if (routes.FirstOrDefault(r => r.DeviceIndex == link.Index && r.Destination is { PrefixLength: 32 }) is { Destination: { } d })
                {
                    return (link.Index, d.Address);
                }
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"no {name} with a host route in {ns.DisplayName} within {max.TotalSeconds:F0} s");
    }

    private static async Task WaitAsync(Func<bool> ready, RunningProgram p, string what, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (!ready())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(30) || p.Process.HasExited)
            {
                Console.Error.WriteLine($"--- {p.LogPath}");
                Console.Error.WriteLine(string.Join('\n', File.ReadLines(p.LogPath).TakeLast(15)));
                throw new TimeoutException($"timed out waiting for the {what}");
            }

            await Task.Delay(20, ct);
        }
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

    /// <summary>The source checkout above the bench's binaries (or the current folder).</summary>
    public static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Nsm.Sdk.sln")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
