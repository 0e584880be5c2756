using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// Runs the built nsmctl (<c>dotnet cmd/nsmctl/bin/&lt;Configuration&gt;/net10.0/nsmctl.dll</c>) with a state folder of
/// its own, so tests never touch another supervisor. Disposal runs <c>down</c>.
/// </summary>
public sealed class Nsmctl : IAsyncDisposable
{
    private readonly ProgramsFixture _programs;

    public Nsmctl(ProgramsFixture programs)
    {
        _programs = programs;
        State = Directory.CreateTempSubdirectory("nsmctl-").FullName;
        Dll = Path.Combine(programs.Root, "cmd", "nsmctl", "bin", programs.Configuration, "net10.0", "nsmctl.dll");
        if (!File.Exists(Dll))
        {
            Mesh.RunTool("dotnet", $"build {Path.Combine(programs.Root, "cmd", "nsmctl")} -c {programs.Configuration} -nologo -v q", TimeSpan.FromMinutes(5));
        }
    }

    public string State { get; }

    public string Dll { get; }

    public string Root => _programs.Root;

    /// <summary>Gets or sets the folder nsmctl runs in (null: the test's).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Runs <c>nsmctl --state STATE ARGS…</c>; returns the exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<(int Code, string Out, string Err)> RunWithInputAsync(string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = WorkingDirectory ?? "" };
        foreach (var a in (string[])[Dll, "--state", State, .. args])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
        }

        p.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs nsmctl and fails with its output (and the supervisor's log) unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, $"nsmctl {string.Join(' ', args)} exited {code}\nstdout:\n{output}\nstderr:\n{error}\n{Diagnostics()}");
        return output;
    }

    /// <summary>The supervisor's id (the prefix of everything it made), from its state file.</summary>
    public string? SupervisorId =>
        File.Exists(Path.Combine(State, "supervisor.json")) ? JsonNode.Parse(File.ReadAllText(Path.Combine(State, "supervisor.json")))?["id"]?.GetValue<string>() : null;

    public int? SupervisorPid =>
        File.Exists(Path.Combine(State, "supervisor.json")) ? JsonNode.Parse(File.ReadAllText(Path.Combine(State, "supervisor.json")))?["pid"]?.GetValue<int>() : null;

    /// <summary>The path (<c>/run/netns/NAME</c>) of the network namespace of a pod, as <see cref="PodNetns"/> names it.</summary>
    public string PodNetnsPath(string ns, string pod) => "/run/netns/" + PodNetns(ns, pod);

    /// <summary>The name of the network namespace of the pod in <paramref name="ns"/> whose name starts with <paramref name="pod"/>.</summary>
    public string PodNetns(string ns, string pod)
    {
        var prefix = $"{SupervisorId}-{ns}-{pod}";
        return Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)).Split('\n')
            .Select(l => l.Split(' ')[0]).First(n => n.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The supervisor's log and every container's log, for failure messages.</summary>
    public string Diagnostics()
    {
        var sb = new StringBuilder();
        var log = Path.Combine(State, "supervisor.log");
        if (File.Exists(log))
        {
            sb.Append("==== supervisor\n").Append(File.ReadAllText(log));
        }

        var logs = Path.Combine(State, "logs");
        if (Directory.Exists(logs))
        {
            foreach (var f in Directory.GetFiles(logs).Order(StringComparer.Ordinal))
            {
                sb.Append("==== ").Append(Path.GetFileName(f)).Append('\n').Append(File.ReadAllText(f));
            }
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("down");
        if (Directory.Exists(State))
        {
            Directory.Delete(State, recursive: true);
        }
    }
}
