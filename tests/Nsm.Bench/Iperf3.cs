using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Nsm.Bench;

/// <summary>
/// iperf3 (Debian's package) inside network namespaces, entered with <c>nsenter --net=PATH</c>: a server in one pod's
/// namespace, a client in another's, only to addresses inside those namespaces. Every run is bounded and killed
/// when it overruns.
/// </summary>
internal static class Iperf3
{
    /// <summary>One client run: the receiver's rate and the sender's retransmits.</summary>
    public sealed record Result(double Gbits, long Retransmits);

    /// <summary>The median run by throughput.</summary>
    public static Result Median(IReadOnlyList<Result> runs) => runs.OrderBy(r => r.Gbits).ElementAt(runs.Count / 2);

    /// <summary>Whether iperf3 is on PATH.</summary>
    public static bool Installed() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "iperf3")));

    /// <summary>Starts <c>iperf3 -s</c> in <paramref name="netns"/> and returns once it listens on <paramref name="port"/> (at most 10 s).</summary>
    public static async Task<Process> StartServerAsync(Cleanup cleanup, string netns, int port, CancellationToken ct)
    {
        var server = StartServer(netns, port);
        cleanup.Track(server);
        _ = server.StandardOutput.ReadToEndAsync(CancellationToken.None); // drained: a report per test
        var sw = Stopwatch.StartNew();
        while (!Listens(server.Id, port))
        {
            if (server.HasExited || sw.Elapsed > TimeSpan.FromSeconds(10))
            {
                var error = server.HasExited ? await server.StandardError.ReadToEndAsync(ct) : "";
                await Cleanup.StopAsync(server, TimeSpan.FromSeconds(2));
                throw new InvalidOperationException($"iperf3 -s in {netns} is not listening on {port} ({(server.HasExited ? "exited: " + error.Trim() : "10 s")})");
            }

            await Task.Delay(20, ct);
        }

        return server;
    }

    /// <summary>A TCP test of <paramref name="seconds"/> from <paramref name="netns"/> to <paramref name="address"/>; killed after seconds + 20 s.</summary>
    public static async Task<Result> RunClientAsync(string netns, string address, int port, int seconds, CancellationToken ct)
    {
        string[] args = ["--net=" + netns, "iperf3", "-c", address, "-p", port.ToString(CultureInfo.InvariantCulture), "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J", "--connect-timeout", "3000"];
        var (code, stdout, stderr) = await BoundedProcess.RunAsync("nsenter", args, TimeSpan.FromSeconds(seconds + 20), ct);
        var json = JsonNode.Parse(stdout.Length > 0 ? stdout : "{}");
        if (code != 0 || json?["end"]?["sum_received"]?["bits_per_second"] is not { } bps)
        {
            throw new InvalidOperationException($"iperf3 -c {address}:{port} exited {code}: {json?["error"]?.GetValue<string>() ?? stderr.Trim()}");
        }

        return new Result(bps.GetValue<double>() / 1e9, json["end"]?["sum_sent"]?["retransmits"]?.GetValue<long>() ?? 0);
    }

    private static Process StartServer(string netns, int port)
    {
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--net=" + netns, "iperf3", "-s", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    /// <summary>Whether the process's network namespace has a TCP socket listening on the port (<c>/proc/PID/net/tcp{,6}</c>).</summary>
    private static bool Listens(int pid, int port)
    {
        var local = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length > 3 && f[1].EndsWith(local, StringComparison.Ordinal) && f[3] == "0A")
                    {
                        return true;
                    }
                }
            }
            catch (IOException)
            {
                // The process is gone or the table does not exist.
            }
        }

        return false;
    }
}
