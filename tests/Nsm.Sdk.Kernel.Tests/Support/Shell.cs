using System.Diagnostics;

namespace Nsm.Sdk.Kernel.Tests.Support;

/// <summary>Runs `ip`, `ping` and friends to check what the library did (never used by the library itself).</summary>
internal static class Shell
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(string file, params string[] args) =>
        RunWithInputAsync(null, file, args);

    /// <summary>Runs a program, with <paramref name="input"/> on its standard input when given (e.g. <c>wg pubkey</c>).</summary>
    public static async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string? input, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        if (input is not null)
        {
            await p.StandardInput.WriteAsync(input);
            p.StandardInput.Close();
        }

        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    public static Task<(int Exit, string Out, string Err)> InNsAsync(string ns, params string[] command) =>
        RunAsync("ip", ["netns", "exec", ns, .. command]);

    /// <summary>
    /// Waits until no IPv6 address of <paramref name="device"/> is tentative: the kernel activates addresses (even
    /// nodad ones) from a work queue after the link came up, and until then it does not answer for them.
    /// </summary>
    public static async Task WaitForIPv6Async(string ns, string device)
    {
        for (var i = 0; i < 100 && (await InNsAsync(ns, "ip", "-6", "addr", "show", "dev", device, "tentative")).Out.Length > 0; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>One ping from inside <paramref name="ns"/>; asserts that it is answered.</summary>
    public static async Task AssertPingAsync(string ns, string address, string? source = null)
    {
        string[] from = source is null ? [] : ["-I", source];
        var (exit, o, e) = await InNsAsync(ns, ["ping", "-c", "1", "-W", "2", .. from, address]);
        Assert.True(exit == 0, $"ping {address} from {ns} failed ({exit}): {o} {e}");
    }

    /// <summary>One ping from inside <paramref name="ns"/>; asserts that it gets no answer.</summary>
    public static async Task AssertNoPingAsync(string ns, string address, string? source = null)
    {
        string[] from = source is null ? [] : ["-I", source];
        var (exit, o, _) = await InNsAsync(ns, ["ping", "-c", "1", "-W", "1", .. from, address]);
        Assert.True(exit != 0, $"ping {address} from {ns} unexpectedly succeeded: {o}");
    }
}
