namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// A service chain in upstream's form through the kernel firewall (<c>Nsmctl/data/firewall-chain.yaml</c>, applied
/// with nsmctl): client → nse-firewall (cmd-nse-firewall-vpp's image, the guide's rules) → nse-icmp-responder. TCP to
/// port 80 of the final endpoint connects, to 22 it does not, ICMP does not; the path names every hop; the firewall's
/// rule counters count exactly the packets sent; deleting the namespace leaves no namespace behind.
/// </summary>
public sealed class FirewallChainTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "ns-fw-chain";
    private const string Final = "172.16.1.100";

    [RootFact]
    public async Task Upstream_chain_through_the_firewall_passes_web_and_drops_the_rest()
    {
        var manifest = Path.Combine(programs.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "firewall-chain.yaml");
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", manifest);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "-l", "app=nse-final", "-n", Ns);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=firewall", "-n", Ns);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "client", "-n", Ns);

        var final = nsmctl.PodNetns(Ns, "nse-final");
        var client = nsmctl.PodNetns(Ns, "client");
        var firewall = nsmctl.PodNetns(Ns, "nse-firewall");
        using var web = NetnsTcp.Listen("/run/netns/" + final, 80);
        using var ssh = NetnsTcp.Listen("/run/netns/" + final, 22);
        var passed = await NetnsTcp.ConnectsAsync("/run/netns/" + client, Final, 80);
        Assert.True(passed, "TCP 80 through the firewall\n" + nsmctl.Diagnostics());

        var explained = await nsmctl.OkAsync("explain", "client", "-n", Ns);
        var firewallAt = explained.IndexOf("nse-firewall-", StringComparison.Ordinal);
        Assert.True(firewallAt > 0 && explained.IndexOf("nse-final-", firewallAt, StringComparison.Ordinal) > firewallAt, "the path names the firewall, then the final endpoint:\n" + explained);

        // Counters match the packets sent. Both ends stop IPv6 first: their router solicitations and MLD reports of
        // the first seconds would be counted by the deny rule too (it is `ip`, both families); ARP is not in inet.
        foreach (var pod in new[] { client, final })
        {
            Mesh.RunTool("ip", $"netns exec {pod} sysctl -qw net.ipv6.conf.all.disable_ipv6=1", TimeSpan.FromSeconds(10));
        }

        const int echoes = 3, synsTo22 = 4, flowsTo80 = 2;
        var before = NftCounters.Read(firewall);
        var (ping, _, _) = await nsmctl.RunAsync("exec", "pods/client", "-n", Ns, "--", "ping", "-c", echoes.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "0.2", "-W", "1", Final);
        Assert.NotEqual(0, ping);
        for (var i = 0; i < synsTo22; i++)
        {
            // One SYN each: the attempt ends before the kernel's first retransmission (1 s).
            Assert.False(await NetnsTcp.ConnectsAsync("/run/netns/" + client, Final, 22, 300), "TCP 22 is dropped");
        }

        for (var i = 0; i < flowsTo80; i++)
        {
            Assert.True(await NetnsTcp.ConnectsAsync("/run/netns/" + client, Final, 80), "TCP 80 passes");
        }

        var after = NftCounters.Read(firewall);
        var delta = after.DeltaSince(before);
        long Delta(string chain, string rule) => after.Packets(chain, rule) - before.Packets(chain, rule);
        // A loaded machine may let the kernel retransmit a SYN before the attempt ends: each SYN counts, a retransmission too.
        var denied = Delta("nsm-in", "line 3: deny ip any any");
        Assert.True(denied >= echoes + synsTo22 && denied <= echoes + (3 * synsTo22), "the deny rule counts each echo request and SYN to 22:\n" + delta);
        Assert.True(Delta("nsm-in", "line 1: permit tcp any any port 80") == flowsTo80, "the port 80 rule counts each flow's first packet:\n" + delta);
        Assert.True(Delta("nsm-in", "replies and related") >= flowsTo80, "the rest of each flow passes as established:\n" + delta);
        Assert.True(Delta("nsm-out", "replies and related") >= flowsTo80, "each SYN-ACK passes as a reply:\n" + delta);
        Assert.True(Delta("nsm-in", "line 2: permit tcp any any port 443") == 0 && Delta("nsm-out", "line 3 (reply direction)") == 0, "nothing else matched:\n" + delta);
        Assert.True(Delta("nsm-in", "no rule matched") == 0 && Delta("nsm-out", "no rule matched") == 0, "the rules cover every packet:\n" + delta);
        Assert.Equal(0, ssh.Accepted);
        Assert.True(web.Accepted >= 1 + flowsTo80, $"the final endpoint accepted {web.Accepted} connections on 80");

        Assert.Contains("deleted", await nsmctl.OkAsync("delete", "ns", Ns), StringComparison.Ordinal);
        Assert.DoesNotContain(nsmctl.SupervisorId + "-" + Ns, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }
}
