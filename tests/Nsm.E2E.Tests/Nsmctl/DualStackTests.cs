namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// Dual stack on an L3 service (<c>data/dual-stack.yaml</c>): the ICMP responder's <c>NSM_CIDR_PREFIX</c> in
/// upstream's comma-separated form with an IPv4 and an IPv6 prefix gives the client's nsm-1 an address of each family,
/// routes for both, and pings in both to the endpoint's two addresses.
/// </summary>
public sealed class DualStackTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task A_v4_and_a_v6_prefix_give_the_client_both_families_and_pings_in_both()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "dual-stack.yaml"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=120s");

        var addresses = await nsmctl.OkAsync("exec", "client", "--", "ip", "addr", "show", "nsm-1");
        Assert.Contains("inet 172.16.1.2/24", addresses, StringComparison.Ordinal);
        Assert.Contains("inet6 fd00:1::2/120", addresses, StringComparison.Ordinal);
        Assert.DoesNotContain("dadfailed", addresses, StringComparison.Ordinal);
        Assert.Contains("172.16.1.0/24 dev nsm-1", await nsmctl.OkAsync("exec", "client", "--", "ip", "route", "show"), StringComparison.Ordinal);
        Assert.Contains("fd00:1::/120 dev nsm-1", await nsmctl.OkAsync("exec", "client", "--", "ip", "-6", "route", "show"), StringComparison.Ordinal);

        await nsmctl.OkAsync("exec", "client", "--", "ping", "-c", "3", "-W", "2", "172.16.1.1");
        await nsmctl.OkAsync("exec", "client", "--", "ping", "-6", "-c", "3", "-W", "2", "fd00:1::1");

        var nseAddresses = Mesh.RunTool("ip", $"-n {nsmctl.PodNetns("default", "nse-dual-stack")} addr show", TimeSpan.FromSeconds(10));
        Assert.Contains("inet 172.16.1.1/24", nseAddresses, StringComparison.Ordinal);
        Assert.Contains("inet6 fd00:1::1/120", nseAddresses, StringComparison.Ordinal);
    }
}
