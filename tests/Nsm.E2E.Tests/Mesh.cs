using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nsm.Sdk.Hosting.Spiffe;

namespace Nsm.E2E.Tests;

/// <summary>
/// Where the built programs are (they are built together with this test project), and the development Workload API
/// that gives each of them its SPIFFE identity, so the meshes run mTLS with policies on, as programs do by default.
/// </summary>
public sealed class ProgramsFixture : IAsyncLifetime
{
    private readonly string _identityDir = Directory.CreateTempSubdirectory("nsm-e2e-spiffe-").FullName;
    private DevWorkloadApiServer? _identity;

    public ProgramsFixture()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Nsm.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Root = dir ?? throw new InvalidOperationException("Nsm.Sdk.sln not found above " + AppContext.BaseDirectory);
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        Configuration = configuration;
        string[] programs = ["registry:nsm-registry", "nsmgr:nsm-nsmgr", "forwarder-kernel:nsm-forwarder-kernel", "nse-icmp-responder:nsm-nse-icmp-responder", "nse-kernel:nsm-nse-kernel", "nsc:nsm-nsc", "nse-firewall:nsm-nse-firewall", "nse-vlan:nsm-nse-vlan", "nsmgr-proxy:nsm-nsmgr-proxy", "registry-proxy-dns:nsm-registry-proxy-dns", "../examples/IdsEndpoint:ids-endpoint"];
        if (programs.Any(p => !File.Exists(Dll(p.Split(':')[0], p.Split(':')[1]))))
        {
            foreach (var p in programs)
            {
                Mesh.RunTool("dotnet", $"build {Path.Combine(Root, "cmd", p.Split(':')[0])} -c {Configuration} -nologo -v q", TimeSpan.FromMinutes(5));
            }
        }
    }

    public string Root { get; }

    public string Configuration { get; }

    public static bool IsRoot => Environment.UserName == "root" || Mesh.RunTool("id", "-u", TimeSpan.FromSeconds(5)).Trim() == "0";

    public string Dll(string folder, string assembly) => Path.Combine(Root, "cmd", folder, "bin", Configuration, "net10.0", assembly + ".dll");

    /// <summary>Gets the <c>SPIFFE_ENDPOINT_SOCKET</c> every program started by a <see cref="Mesh"/> gets.</summary>
    public string WorkloadApi => _identity?.Address.ToString() ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() =>
        _identity = await DevWorkloadApiServer.StartAsync(new DevWorkloadApiServerOptions { SocketPath = Path.Combine(_identityDir, "agent.sock") });

    public async Task DisposeAsync()
    {
        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }

        Directory.Delete(_identityDir, recursive: true);
    }
}

/// <summary>A running process of the mesh with its output kept for diagnostics.</summary>
public sealed class MeshProcess(string name, Process process) : IDisposable
{
    private readonly StringBuilder _output = new();

    public string Name { get; } = name;

    public Process Process { get; } = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    internal void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit (SIGKILL after the timeout).</summary>
    public async Task StopAsync(TimeSpan timeout) => await TerminateAsync(timeout);

    /// <summary>
    /// Sends SIGTERM and waits for the exit; SIGKILL after the timeout. Returns the time from the signal to the exit
    /// and whether the process left by itself.
    /// </summary>
    public async Task<(TimeSpan Elapsed, bool ExitedByItself)> TerminateAsync(TimeSpan timeout)
    {
        if (Process.HasExited)
        {
            return (TimeSpan.Zero, true);
        }

        var watch = Stopwatch.StartNew();
        Mesh.RunTool("kill", "-TERM " + Process.Id.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(5));
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
            return (watch.Elapsed, true);
        }
        catch (OperationCanceledException)
        {
            Kill();
            return (watch.Elapsed, false);
        }
    }

    public void Kill()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}

/// <summary>
/// One local mesh for one test: registry, nsmgr and kernel forwarder in the host namespace (on unix sockets in a
/// temp directory), endpoints and clients in namespaces the test creates. Disposal stops everything and deletes
/// the namespaces and the directory.
/// </summary>
public sealed class Mesh : IAsyncDisposable
{
    private readonly ProgramsFixture _programs;
    private readonly List<MeshProcess> _processes = [];
    private readonly List<string> _namespaces = [];
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];

    public Mesh(ProgramsFixture programs)
    {
        _programs = programs;
        Dir = Directory.CreateTempSubdirectory("nsm-e2e-").FullName;
    }

    public string Dir { get; }

    /// <summary>Extra env variables by process name (e.g. <c>nsmgr</c>), added when that process starts.</summary>
    public Dictionary<string, (string Key, string Value)[]> ExtraEnv { get; } = new(StringComparer.Ordinal);

    public string NsmgrUrl => "unix://" + Path.Combine(Dir, "nsm.io.sock");

    public static string RunTool(string file, string arguments, TimeSpan timeout)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {arguments} did not finish in {timeout}");
        }

        return p.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"{file} {arguments} exited with {p.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    public static (int Code, string Output) TryTool(string file, string arguments, TimeSpan timeout)
    {
        try
        {
            return (0, RunTool(file, arguments, timeout));
        }
        catch (InvalidOperationException ex)
        {
            return (1, ex.Message);
        }
    }

    /// <summary>Creates a namespace (deleted at disposal) with lo up.</summary>
    public string AddNamespace(string role)
    {
        var name = $"nsme2e-{_id}-{role}";
        RunTool("ip", "netns add " + name, TimeSpan.FromSeconds(10));
        _namespaces.Add(name);
        RunTool("ip", $"-n {name} link set lo up", TimeSpan.FromSeconds(10));
        return name;
    }

    public void DeleteNamespace(string name)
    {
        TryTool("ip", "netns del " + name, TimeSpan.FromSeconds(10));
        _namespaces.Remove(name);
    }

    public MeshProcess? Registry { get; private set; }

    public MeshProcess? Nsmgr { get; private set; }

    public MeshProcess? Forwarder { get; private set; }

    public async Task StartControlPlaneAsync()
    {
        Registry = Start("registry", null, _programs.Dll("registry", "nsm-registry"), ("NSM_LISTEN_ON", "unix://" + Path.Combine(Dir, "registry.sock")));
        await WaitAsync("registry socket", () => File.Exists(Path.Combine(Dir, "registry.sock")), TimeSpan.FromSeconds(30), Registry);
        await StartNsmgrAsync();
        Forwarder = Start("forwarder", null, _programs.Dll("forwarder-kernel", "nsm-forwarder-kernel"), ("NSM_NAME", "forwarder-kernel"), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(Dir, "forwarder.sock")));
        await WaitForOutputAsync(Forwarder, "registered", TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts (or starts again) the nsmgr on the same socket and waits for the socket.</summary>
    public async Task<MeshProcess> StartNsmgrAsync()
    {
        Nsmgr = Start("nsmgr", null, _programs.Dll("nsmgr", "nsm-nsmgr"), ("NSM_NAME", "nsmgr"), ("NSM_LISTEN_ON", NsmgrUrl), ("NSM_REGISTRY_URL", "unix://" + Path.Combine(Dir, "registry.sock")));
        await WaitAsync("nsmgr socket", () => File.Exists(Path.Combine(Dir, "nsm.io.sock")) && Nsmgr.Output.Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(30), Nsmgr);
        return Nsmgr;
    }

    public async Task<MeshProcess> StartEndpointAsync(string netns, string name, string service = "icmp-responder", string cidr = "10.100.1.0/24")
    {
        var nse = Start(name, netns, _programs.Dll("nse-icmp-responder", "nsm-nse-icmp-responder"),
            ("NSM_NAME", name), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_LISTEN_ON", "unix://" + Path.Combine(Dir, name + ".sock")),
            ("NSM_SERVICE_NAMES", service), ("NSM_CIDR_PREFIX", cidr));
        await WaitForOutputAsync(nse, "registered", TimeSpan.FromSeconds(30));
        return nse;
    }

    public async Task<MeshProcess> StartClientAsync(string netns, string name, string services = "kernel://icmp-responder/nsm-1", params (string Key, string Value)[] env)
    {
        var nsc = StartClient(netns, name, services, env);
        await WaitForOutputAsync(nsc, "connected to", TimeSpan.FromSeconds(60));
        return nsc;
    }

    /// <summary>Starts a client without waiting for its connection.</summary>
    public MeshProcess StartClient(string netns, string name, string services = "kernel://icmp-responder/nsm-1", params (string Key, string Value)[] env) =>
        Start(name, netns, _programs.Dll("nsc", "nsm-nsc"), [("NSM_NAME", name), ("NSM_CONNECT_TO", NsmgrUrl), ("NSM_NETWORK_SERVICES", services), .. env]);

    public MeshProcess Start(string name, string? netns, string dll, params (string Key, string Value)[] env)
    {
        var info = netns is null ? new ProcessStartInfo("dotnet") : new ProcessStartInfo("ip");
        if (netns is not null)
        {
            info.ArgumentList.Add("netns");
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(netns);
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["SPIFFE_ENDPOINT_SOCKET"] = _programs.WorkloadApi;
        foreach (var (key, value) in env.Concat(ExtraEnv.GetValueOrDefault(name, [])))
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var mp = new MeshProcess(name, process);
        process.OutputDataReceived += (_, e) => mp.Append(e.Data);
        process.ErrorDataReceived += (_, e) => mp.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(mp);
        return mp;
    }

    public static async Task WaitAsync(string what, Func<bool> condition, TimeSpan timeout, MeshProcess? explain = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until || explain?.Process.HasExited == true)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}" + (explain is null ? "" : $"; {explain.Name} said:\n{explain.Output}"));
            }

            await Task.Delay(200);
        }
    }

    public static Task WaitForOutputAsync(MeshProcess process, string text, TimeSpan timeout) =>
        WaitAsync($"'{text}' in the output of {process.Name}", () => process.Output.Contains(text, StringComparison.Ordinal) || process.Process.HasExited, timeout)
            .ContinueWith(
                t =>
                {
                    if (t.IsFaulted || !process.Output.Contains(text, StringComparison.Ordinal))
                    {
                        throw new TimeoutException($"{process.Name} did not log '{text}' (exited: {process.Process.HasExited}); output:\n{process.Output}");
                    }
                },
                TaskScheduler.Default);

    public static bool Ping(string netns, string address, int count = 3) =>
        TryTool("ip", $"netns exec {netns} ping -c {count} -W 2 -i 0.3 {address}", TimeSpan.FromSeconds(20)).Code == 0;

    public static async Task<bool> PingEventuallyAsync(string netns, string address, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        do
        {
            if (TryTool("ip", $"netns exec {netns} ping -c 1 -W 1 {address}", TimeSpan.FromSeconds(10)).Code == 0)
            {
                return true;
            }

            await Task.Delay(300);
        }
        while (DateTime.UtcNow < until);
        return false;
    }

    /// <summary>The interface index of <paramref name="device"/> in <paramref name="netns"/>, or 0 when it is missing.</summary>
    public static int LinkIndex(string netns, string device)
    {
        var (code, output) = TryTool("ip", $"-n {netns} -o link show dev {device}", TimeSpan.FromSeconds(10));
        return code == 0 && int.TryParse(output.Split(':')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
    }

    public static string Links(string netns) => TryTool("ip", $"-n {netns} -o link show", TimeSpan.FromSeconds(10)).Output;

    public static string Addresses(string netns, string device) => TryTool("ip", $"-n {netns} -4 -o addr show dev {device}", TimeSpan.FromSeconds(10)).Output;

    public string Logs() => string.Join("\n", _processes.Select(p => $"==== {p.Name}\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync(TimeSpan.FromSeconds(10));
            _processes[i].Dispose();
        }

        foreach (var ns in _namespaces.ToList())
        {
            DeleteNamespace(ns);
        }

        Directory.Delete(Dir, recursive: true);
    }
}
