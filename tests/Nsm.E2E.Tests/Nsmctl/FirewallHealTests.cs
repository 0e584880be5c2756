using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The firewall chain with two firewall replicas and the client's liveness check on
/// (<c>Nsmctl/data/firewall-chain-ha.yaml</c>): the check keeps passing through rules that drop ICMP (by the first
/// hop's neighbour entry) and still sees the final endpoint's data path die; deleting the firewall pod the client goes
/// through heals onto another replica while no packet to a denied port ever reaches the endpoint.
/// </summary>
public sealed partial class FirewallHealTests(ProgramsFixture programs, ITestOutputHelper output) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "ns-fw-ha";
    private const string Final = "172.16.1.97";
    private const int MetricsPort = 9464;
    private const string Checks = "nsm_liveness_checks_total";
    private static readonly string[] Failed = ["dead", "timeout", "error"];

    [RootFact]
    public async Task Liveness_checks_pass_through_rules_that_drop_icmp_and_a_dead_final_endpoint_is_still_seen()
    {
        var total = Stopwatch.StartNew();
        await using var nsmctl = await ApplyAsync();
        var setup = total.Elapsed;
        var client = nsmctl.PodNetns(Ns, "client");
        var final = nsmctl.PodNetns(Ns, "nse-final");
        using var web = NetnsTcp.Listen("/run/netns/" + final, 80);
        Assert.True(await ConnectsEventuallyAsync(client, 80, TimeSpan.FromSeconds(20)), "TCP 80 through the firewall\n" + nsmctl.Diagnostics());
        var index = Mesh.LinkIndex(client, "nsm-1");
        var firewall = ChosenFirewall(await nsmctl.OkAsync("explain", "client", "-n", Ns));
        var firewallNs = nsmctl.PodNetns(Ns, firewall);
        var droppedBefore = NftCounters.Read(firewallNs).Packets("nsm-in", "line 3: deny ip any any");

        // Several probes ran and passed, as the client counts them; none failed, nothing healed.
        var first = await ScrapeUntilAsync(client, t => PrometheusText.Value(t, Checks, "alive") >= 1, TimeSpan.FromSeconds(20));
        var alive0 = PrometheusText.Value(first, Checks, "alive");
        var scrape = await ScrapeUntilAsync(client, t => PrometheusText.Value(t, Checks, "alive") >= alive0 + 5, TimeSpan.FromSeconds(20));
        Assert.True(Failed.All(r => PrometheusText.Value(scrape, Checks, r) < 0), "no liveness check failed:\n" + scrape);
        Assert.True(PrometheusText.Value(scrape, "nsm_heals_total") < 0, "no heal started:\n" + scrape);

        // They passed although echo never got through: the firewall dropped their echo requests, and the client said
        // it judges by the neighbour entry. Same interface, same firewall: the client never reselected.
        Assert.True(NftCounters.Read(firewallNs).Packets("nsm-in", "line 3: deny ip any any") > droppedBefore, "the probes' echo requests were dropped");
        Assert.Contains($"no echo reply from {Final} on nsm-1 yet", await nsmctl.OkAsync("logs", "client", "-n", Ns), StringComparison.Ordinal);
        Assert.Equal(index, Mesh.LinkIndex(client, "nsm-1"));
        Assert.Equal(firewall, ChosenFirewall(await nsmctl.OkAsync("explain", "client", "-n", Ns)));

        // The final endpoint's data path dies (its interface goes down; its process and the control plane live on):
        // only the liveness check can see it, through the neighbour entry that no longer gets ARP answers.
        var iface = Mesh.Links(final).Split('\n').Select(l => Regex.Match(l, @"^\d+: ([^:@]+)").Groups[1].Value).First(n => n.Length > 0 && n != "lo");
        var killed = Stopwatch.StartNew();
        Mesh.RunTool("ip", $"-n {final} link set {iface} down", TimeSpan.FromSeconds(10));
        var healed = await ScrapeUntilAsync(client, t => PrometheusText.Value(t, "nsm_heals_total", "liveness") >= 1, TimeSpan.FromSeconds(30));
        var detected = killed.Elapsed;
        Assert.True(PrometheusText.Value(healed, Checks, "dead") >= 1, "the liveness check said dead:\n" + healed);
        Assert.True(await ConnectsEventuallyAsync(client, 80, TimeSpan.FromSeconds(20)), "TCP 80 after the heal\n" + nsmctl.Diagnostics());
        output.WriteLine($"mesh up and pods ready in {setup.TotalSeconds:F1} s; alive checks before the kill: {PrometheusText.Value(scrape, Checks, "alive")}, failed: 0; " +
            $"the dead data path seen after {detected.TotalSeconds:F1} s; TCP 80 again after {killed.Elapsed.TotalSeconds:F1} s; test {total.Elapsed.TotalSeconds:F1} s");
    }

    [RootFact]
    public async Task Deleting_the_firewall_pod_heals_onto_another_replica_and_no_packet_passes_unfiltered()
    {
        var total = Stopwatch.StartNew();
        await using var nsmctl = await ApplyAsync();
        var setup = total.Elapsed;
        var client = nsmctl.PodNetns(Ns, "client");
        var final = "/run/netns/" + nsmctl.PodNetns(Ns, "nse-final");
        using var web = NetnsTcp.Listen(final, 80);
        using var ssh = NetnsTcp.Listen(final, 22);
        Assert.True(await ConnectsEventuallyAsync(client, 80, TimeSpan.FromSeconds(20)), "TCP 80 through the firewall\n" + nsmctl.Diagnostics());
        var firewall = ChosenFirewall(await nsmctl.OkAsync("explain", "client", "-n", Ns));

        // TCP to 22 and 80 in turns during the heal, bounded in count and time; it ends 3 connections to 80 after the heal.
        var clock = Stopwatch.StartNew();
        var attempts = new ConcurrentQueue<(TimeSpan At, int Port, bool Connected)>();
        var deletedTicks = long.MaxValue;
        var loop = Task.Run(async () =>
        {
            for (var i = 0; i < 200 && clock.Elapsed < TimeSpan.FromSeconds(40) && !HealedSince(attempts, TimeSpan.FromTicks(Volatile.Read(ref deletedTicks)), out _, 3); i++)
            {
                foreach (var (port, timeoutMs) in new[] { (22, 200), (80, 300) })
                {
                    var at = clock.Elapsed;
                    attempts.Enqueue((at, port, await NetnsTcp.ConnectsAsync("/run/netns/" + client, Final, port, timeoutMs)));
                }

                await Task.Delay(100); // without nsm-1 a connect fails at once: the count alone would not span the heal
            }
        });
        var deletedAt = clock.Elapsed;
        Volatile.Write(ref deletedTicks, deletedAt.Ticks);
        await nsmctl.OkAsync("delete", "pod", firewall, "-n", Ns);
        await loop;

        var all = attempts.ToArray();
        var through22 = all.Where(a => a.Port == 22 && a.Connected).Select(a => $"{(a.At - deletedAt).TotalSeconds:F2} s");
        Assert.True(ssh.Accepted == 0 && !through22.Any(), $"TCP 22 was accepted {ssh.Accepted} times, connected at {string.Join(", ", through22)} after the delete began\n" + nsmctl.Diagnostics());
        Assert.True(HealedSince(attempts, deletedAt, out var healedAt, 3), "TCP 80 did not pass again after the firewall pod was deleted\n" + nsmctl.Diagnostics());
        var outage = all.Where(a => a.Port == 80 && !a.Connected && a.At >= deletedAt).ToArray();
        var during = all.Count(a => a.Port == 22 && a.At >= deletedAt && a.At <= healedAt);
        Assert.True(outage.Length > 0 && during > 0, $"the loop ran through the heal ({outage.Length} failed connections to 80, {during} attempts to 22)");
        var now = ChosenFirewall(await nsmctl.OkAsync("explain", "client", "-n", Ns));
        Assert.NotEqual(firewall, now);
        Assert.True(NftCounters.Read(nsmctl.PodNetns(Ns, now)).Packets("nsm-in", "line 3: deny ip any any") > 0, "the new replica drops TCP 22");
        output.WriteLine($"mesh up and pods ready in {setup.TotalSeconds:F1} s; healed onto {now} {(healedAt - deletedAt).TotalSeconds:F1} s after the delete began " +
            $"(TCP 80 down from {(outage[0].At - deletedAt).TotalSeconds:F1} s); {all.Length} connects, {all.Count(a => a.Port == 22)} to 22 ({during} during the heal), 0 accepted; test {total.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(string.Join('\n', (await nsmctl.OkAsync("logs", "client", "-n", Ns)).Split('\n').Where(l => l.Contains("heal", StringComparison.Ordinal) || l.Contains("liveness: connection", StringComparison.Ordinal))));
    }

    /// <summary>Whether TCP 80 connected <paramref name="times"/> times after it had failed after <paramref name="since"/>; <paramref name="at"/> is the first of them.</summary>
    private static bool HealedSince(ConcurrentQueue<(TimeSpan At, int Port, bool Connected)> attempts, TimeSpan since, out TimeSpan at, int times)
    {
        var web = attempts.Where(a => a.Port == 80 && a.At >= since).ToArray();
        var down = Array.FindIndex(web, a => !a.Connected);
        var up = down < 0 ? [] : web[down..].Where(a => a.Connected).ToArray();
        at = up.Length > 0 ? up[0].At : TimeSpan.MaxValue;
        return up.Length >= times;
    }

    private static string ChosenFirewall(string explained) =>
        ChosenEndpoint().Match(explained) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no firewall in:\n" + explained);

    [GeneratedRegex(@"Endpoint chosen: (nse-firewall-\S+)")]
    private static partial Regex ChosenEndpoint();

    private static async Task<bool> ConnectsEventuallyAsync(string netns, int port, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        do
        {
            if (await NetnsTcp.ConnectsAsync("/run/netns/" + netns, Final, port, 1000))
            {
                return true;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < until);
        return false;
    }

    /// <summary>Reads the client's metrics (its pod's loopback) until <paramref name="done"/> holds; bounded by <paramref name="timeout"/>.</summary>
    private static async Task<string> ScrapeUntilAsync(string netns, Func<string, bool> done, TimeSpan timeout)
    {
        var text = string.Empty;
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            try
            {
                text = await NetnsTcp.GetAsync("/run/netns/" + netns, MetricsPort, "/metrics", CancellationToken.None);
                if (done(text))
                {
                    return text;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException)
            {
                text = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the client's metrics did not show the expected values within {timeout}; last scrape:\n{text}");
    }

    private async Task<Nsmctl> ApplyAsync()
    {
        var nsmctl = new Nsmctl(programs);
        try
        {
            await nsmctl.OkAsync("apply", "-f", Path.Combine(programs.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "firewall-chain-ha.yaml"));
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "-l", "app=nse-final", "-n", Ns);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=firewall", "-n", Ns);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "client", "-n", Ns);
            return nsmctl;
        }
        catch
        {
            await nsmctl.DisposeAsync();
            throw;
        }
    }
}
