using System.Diagnostics;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Hosting;
using Nsm.Vpp;

namespace Nsm.RealVpp.Checks.Support;

/// <summary>
/// One real VPP for a check: started from <c>NSM_REAL_VPP</c> with its own folder of sockets (optionally inside a named
/// network namespace, so two VPPs can be two "nodes"), an API client to it, its CLI through vppctl, and a stop that
/// removes everything.
/// </summary>
public sealed class RealVpp : IAsyncDisposable
{
    private readonly Process _process;

    private RealVpp(Process process, string directory, VppClient client)
    {
        _process = process;
        Directory = directory;
        Client = client;
    }

    /// <summary>Gets the vpp binary, or null when none is configured.</summary>
    public static string? Binary => Environment.GetEnvironmentVariable("NSM_REAL_VPP") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public string Directory { get; }

    public VppClient Client { get; }

    public string CliSocket => Path.Combine(Directory, "cli.sock");

    public string ApiSocket => Path.Combine(Directory, "api.sock");

    /// <summary>Gets the folder recordings go to (<c>NSM_VPP_RECORD_DIR</c>, scripts/real-vpp.sh --record), or null.</summary>
    public static string? RecordDirectory => Environment.GetEnvironmentVariable("NSM_VPP_RECORD_DIR") is { Length: > 0 } dir ? dir : null;

    /// <summary>Starts a VPP with the plugins NSM uses, its sockets in a temp folder.</summary>
    /// <param name="netns">A named namespace to run it in (<c>ip netns exec</c>), or null for this process's.</param>
    public static async Task<RealVpp> StartAsync(string? netns = null, IReadOnlyList<VppMessageRef>? messages = null)
    {
        var binary = Binary ?? throw new InvalidOperationException("NSM_REAL_VPP is not set");
        var directory = System.IO.Directory.CreateTempSubdirectory("nsm-real-vpp-").FullName;
        var api = Path.Combine(directory, "api.sock");
        var conf = Path.Combine(directory, "startup.conf");
        await File.WriteAllTextAsync(conf, StartupConf(directory, api, "nsmreal" + Path.GetFileName(directory)[^6..]));
        var start = netns is null
            ? new ProcessStartInfo(binary) { ArgumentList = { "-c", conf } }
            : new ProcessStartInfo("ip") { ArgumentList = { "netns", "exec", netns, binary, "-c", conf } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(api))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                var log = Path.Combine(directory, "vpp.log");
                throw new InvalidOperationException($"vpp did not open {api}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
            }

            await Task.Delay(100);
        }

        var client = new VppClient(api, "nsm-real-vpp-checks", messages ?? VppMechanismMessages.All, new VppConnectionOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        return new RealVpp(process, directory, client);
    }

    /// <summary>Runs a CLI command through vppctl and returns its output.</summary>
    public async Task<string> CliAsync(string command)
    {
        var vppctl = Path.Combine(Path.GetDirectoryName(Binary!)!, "vppctl");
        var psi = new ProcessStartInfo(vppctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add(CliSocket);
        foreach (var word in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.ArgumentList.Add(word);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string StartupConf(string directory, string api, string prefix) =>
        VppStartupConf.Render(directory, api, prefix, Environment.GetEnvironmentVariable("NSM_REAL_VPP_PLUGINS"));
}
