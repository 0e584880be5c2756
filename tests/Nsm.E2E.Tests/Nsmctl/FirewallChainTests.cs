namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// A service chain in upstream's form through the kernel firewall (<c>Nsmctl/data/firewall-chain.yaml</c>, applied
/// with nsmctl): client → nse-firewall (cmd-nse-firewall-vpp's image, the guide's rules) → nse-icmp-responder. TCP to
/// port 80 of the final endpoint connects, to 22 it does not, ICMP does not; the path names every hop; the firewall
/// counted the packets; deleting the namespace leaves no namespace behind.
/// </summary>
public sealed class FirewallChainTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "ns-fw-chain";

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
        using var web = NetnsTcp.Listen(final, 80);
        using var ssh = NetnsTcp.Listen(final, 22);
        var passed = await NetnsTcp.ConnectsAsync(client, "172.16.1.100", 80);
        Assert.True(passed, "TCP 80 through the firewall\n" + nsmctl.Diagnostics());
        Assert.False(await NetnsTcp.ConnectsAsync(client, "172.16.1.100", 22, 1000), "TCP 22 is dropped");
        var (ping, _, _) = await nsmctl.RunAsync("exec", "pods/client", "-n", Ns, "--", "ping", "-c", "2", "-W", "1", "172.16.1.100");
        Assert.NotEqual(0, ping);

        var explained = await nsmctl.OkAsync("explain", "client", "-n", Ns);
        var firewallAt = explained.IndexOf("nse-firewall-", StringComparison.Ordinal);
        Assert.True(firewallAt > 0 && explained.IndexOf("nse-final-", firewallAt, StringComparison.Ordinal) > firewallAt, "the path names the firewall, then the final endpoint:\n" + explained);

        var counters = await nsmctl.OkAsync("exec", "deployments/nse-firewall", "-n", Ns, "--", "nft", "list", "table", "inet", "nsm-acl");
        Assert.Matches(@"tcp dport 80 counter packets [1-9]", counters);
        Assert.Matches(@"counter packets [1-9]\d* bytes \d+ drop", counters);

        Assert.Contains("deleted", await nsmctl.OkAsync("delete", "ns", Ns), StringComparison.Ordinal);
        Assert.DoesNotContain(nsmctl.SupervisorId + "-" + Ns, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }
}
