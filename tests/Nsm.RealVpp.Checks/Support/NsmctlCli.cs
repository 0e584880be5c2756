using System.Diagnostics;

namespace Nsm.RealVpp.Checks.Support;

/// <summary>
/// nsmctl from this checkout (Release builds of it and the programs, made once), with the real VPP's folder first on
/// PATH, so the images of VPP programs run ours on that VPP; a private state folder, always <c>down</c> at the end.
/// </summary>
public sealed class NsmctlCli : IAsyncDisposable
{
    private static readonly string[] Programs =
        ["registry", "nsmgr", "forwarder-kernel", "forwarder-vpp", "nse-firewall-vpp", "nse-vlan-vpp", "nse-kernel", "nse-icmp-responder", "nsc", "nsmctl"];

    private static readonly Lazy<Task> Built = new(BuildAsync);
    private readonly string _state = Directory.CreateTempSubdirectory("nsmctl-real-vpp-").FullName;

    public static string Root { get; } = FindRoot();

    public static async Task<NsmctlCli> StartAsync()
    {
        await Built.Value;
        return new NsmctlCli();
    }

    /// <summary>Runs nsmctl and asserts it succeeded.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, output) = await RunAsync(args);
        Assert.True(exit == 0, $"nsmctl {string.Join(' ', args)} failed: {output}");
        return output;
    }

    public async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        psi.ArgumentList.Add(Path.Combine(Root, "cmd", "nsmctl", "bin", "Release", "net10.0", "nsmctl.dll"));
        psi.ArgumentList.Add("--state");
        psi.ArgumentList.Add(_state);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PATH"] = Path.GetDirectoryName(RealVpp.Binary!) + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>The named namespace of a pod (nsmctl names them <c>&lt;id&gt;-&lt;namespace&gt;-&lt;pod&gt;</c>).</summary>
    public static async Task<string> PodNetnsAsync(string ns, string podPrefix)
    {
        var (_, list) = await Pods.RunAsync("ip", "netns", "list");
        return list.Split('\n').Select(l => l.Split(' ')[0]).First(n => n.Contains($"-{ns}-{podPrefix}", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("down");
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true); // down removes it itself
        }
    }

    private static async Task BuildAsync()
    {
        foreach (var program in Programs)
        {
            var (exit, output) = await Pods.RunAsync("dotnet", "build", Path.Combine(Root, "cmd", program), "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly");
            Assert.True(exit == 0, $"building cmd/{program} failed: {output}");
        }
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Nsm.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Nsm.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
