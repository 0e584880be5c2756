using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// A service chain in upstream's form through the IDS example (<c>Nsmctl/data/ids-chain.yaml</c>, applied with
/// nsmctl, which runs <c>nsm-sdk/ids-endpoint</c> images as examples/IdsEndpoint): client → IDS → nse-icmp-responder.
/// TCP to ports 80 and 443 connects and the IDS logs each flow with its 5-tuple; TCP to 22 (the signature) does not
/// connect and is logged as dropped by signature; the client's liveness pings pass. When the client goes, the IDS's
/// table goes with its last connection and the ended flows are logged with their counters; deleting the namespace
/// leaves no namespace and no IDS process behind.
/// </summary>
public sealed class IdsChainTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "ns-ids-chain";
    private const string Final = "172.16.3.100";

    [RootFact]
    public async Task Upstream_chain_through_the_ids_logs_each_flow_and_drops_the_signature()
    {
        var manifest = Path.Combine(programs.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "ids-chain.yaml");
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", manifest);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "-l", "app=nse-final", "-n", Ns);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=ids", "-n", Ns);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "client", "-n", Ns);

        var final = nsmctl.PodNetnsPath(Ns, "nse-final");
        var client = nsmctl.PodNetnsPath(Ns, "client");
        var source = Mesh.RunTool("ip", $"-n {Path.GetFileName(client)} -o -4 addr show dev nsm-1", TimeSpan.FromSeconds(10)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[3].Split('/')[0];
        using var web = NetnsTcp.Listen(final, 80);
        using var tls = NetnsTcp.Listen(final, 443);
        using var ssh = NetnsTcp.Listen(final, 22);
        var (passed80, port80) = await NetnsTcp.ConnectFromAsync(client, Final, 80);
        Assert.True(passed80, "TCP 80 through the IDS\n" + nsmctl.Diagnostics());
        var (passed443, port443) = await NetnsTcp.ConnectFromAsync(client, Final, 443);
        Assert.True(passed443, "TCP 443 through the IDS");
        var (passed22, port22) = await NetnsTcp.ConnectFromAsync(client, Final, 22, 1000);
        Assert.False(passed22, "TCP 22 is dropped by the signature");

        await LogShowsAsync(nsmctl, $"new flow tcp {source}:{port80} -> {Final}:80");
        await LogShowsAsync(nsmctl, $"new flow tcp {source}:{port443} -> {Final}:443");
        await LogShowsAsync(nsmctl, $"dropped by signature tcp {source}:{port22} -> {Final}:22 (NSM_IDS_DROP line 1: deny tcp any any port 22)");
        Assert.DoesNotContain($"new flow tcp {source}:{port22} ", await IdsLogAsync(nsmctl), StringComparison.Ordinal);

        var explained = await nsmctl.OkAsync("explain", "client", "-n", Ns);
        var idsAt = explained.IndexOf("nse-ids-", StringComparison.Ordinal);
        Assert.True(idsAt > 0 && explained.IndexOf("nse-final-", idsAt, StringComparison.Ordinal) > idsAt, "the path names the IDS, then the final endpoint:\n" + explained);
        var table = await nsmctl.OkAsync("exec", "deployments/nse-ids", "-n", Ns, "--", "nft", "list", "table", "inet", "nsm-ids");
        Assert.Matches(@"tcp dport 22 update @sig1_v4 .* counter packets [1-9]\d* bytes \d+ drop", table);
        Assert.Matches(@"ct state new counter packets [1-9]", table);

        // The client goes: the IDS's last connection closes, its table goes and the flows still tracked end.
        var idsPod = JsonNode.Parse(await nsmctl.OkAsync("get", "pods", "-l", "app=ids", "-n", Ns, "-o", "json"))!["items"]![0]!;
        var idsPid = idsPod["status"]!["containerStatuses"]![0]!["pid"]!.GetValue<int>();
        await nsmctl.OkAsync("delete", "pod", "client", "-n", Ns);
        await LogShowsAsync(nsmctl, $"flow ended tcp {source}:{port80} -> {Final}:80: ");
        Assert.Matches(new Regex($@"flow ended tcp {Regex.Escape(source)}:{port80} -> {Regex.Escape(Final)}:80: ([4-9]|\d\d+) packets, \d+ bytes"), await IdsLogAsync(nsmctl));
        var ruleset = "";
        for (var until = DateTimeOffset.UtcNow.AddSeconds(30); DateTimeOffset.UtcNow < until; await Task.Delay(200))
        {
            ruleset = await nsmctl.OkAsync("exec", "deployments/nse-ids", "-n", Ns, "--", "nft", "list", "ruleset");
            if (ruleset.Trim().Length == 0)
            {
                break;
            }
        }

        Assert.True(ruleset.Trim().Length == 0, "nothing of the IDS is left in nft list ruleset:\n" + ruleset);

        Assert.Contains("deleted", await nsmctl.OkAsync("delete", "ns", Ns), StringComparison.Ordinal);
        Assert.DoesNotContain(nsmctl.SupervisorId + "-" + Ns, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.False(File.Exists($"/proc/{idsPid}/cmdline") && File.ReadAllText($"/proc/{idsPid}/cmdline").Contains("ids-endpoint", StringComparison.Ordinal), "the IDS process is gone");
    }

    private static Task<string> IdsLogAsync(Nsmctl nsmctl) => nsmctl.OkAsync("logs", "deployments/nse-ids", "-n", Ns);

    /// <summary>Waits (up to 20 s) until the IDS's log has the text.</summary>
    private static async Task LogShowsAsync(Nsmctl nsmctl, string text)
    {
        var log = "";
        for (var until = DateTimeOffset.UtcNow.AddSeconds(20); DateTimeOffset.UtcNow < until; await Task.Delay(200))
        {
            log = await IdsLogAsync(nsmctl);
            if (log.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"the IDS did not log '{text}':\n{log}\n{nsmctl.Diagnostics()}");
    }
}
