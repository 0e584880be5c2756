using System.Diagnostics;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.RealVpp.Checks.Support;

/// <summary>tcpdump on one link of a namespace (IP traffic only), one line per packet.</summary>
public sealed class Capture : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;

    private Capture(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
    }

    /// <param name="ethernet">Every frame with its link-level header (<c>-e</c>), else IP packets only.</param>
    public static async Task<Capture> StartAsync(NetNs ns, string link, bool ethernet = false)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in ethernet ? ["netns", "exec", ns.DisplayName, "tcpdump", "-l", "-n", "-e", "-i", link] : new[] { "netns", "exec", ns.DisplayName, "tcpdump", "-l", "-n", "-i", link, "ip" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        var started = process.StandardError.ReadLineAsync(); // "listening on ..."
        await started.WaitAsync(TimeSpan.FromSeconds(10));
        _ = process.StandardError.ReadToEndAsync();
        return new Capture(process);
    }

    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await Task.Delay(500);
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        return [.. (await _output).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
