using System.Text.RegularExpressions;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The guide's "Connecting to External Networks" as written (<c>examples/guide/external</c>, applied unchanged, and
/// its <c>label node worker-1 external-network=true</c> step): the test makes the "physical" network, a veth named
/// <c>eth1</c> in the node's namespace (hostNetwork pods live there) whose far end sits in a namespace "outside" with
/// the gateway 10.200.0.1 and a host that already uses 10.200.0.2. The client gets <c>nsm-1</c> (a macvlan on eth1)
/// with a free 10.200.0.x/24, reaches the outside and is reached from it, and the node keeps its own eth1 as it was.
/// </summary>
public sealed partial class GuideExternalTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Gateway = "10.200.0.1";
    private const string TakenByAnOutsideHost = "10.200.0.2";
    private const string NodeOwnAddress = "10.200.0.254/24";

    [NoEth1RootFact]
    public async Task The_client_reaches_the_network_behind_eth1_and_back_and_the_node_keeps_its_eth1()
    {
        var outside = "nsmt-ext-" + Guid.NewGuid().ToString("N")[..6];
        var outsidePath = "/run/netns/" + outside;
        string? clientNetns = null;
        Mesh.RunTool("ip", $"netns add {outside}", TimeSpan.FromSeconds(10));
        try
        {
            Mesh.RunTool("ip", $"link add eth1 type veth peer name wire0 netns {outside}", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"addr add {NodeOwnAddress} dev eth1", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", "link set eth1 up", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"-n {outside} addr add {Gateway}/24 dev wire0", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"-n {outside} addr add {TakenByAnOutsideHost}/24 dev wire0", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"-n {outside} link set wire0 up", TimeSpan.FromSeconds(10));
            Mesh.RunTool("ip", $"-n {outside} link set lo up", TimeSpan.FromSeconds(10));
            var eth1Before = Eth1State();

            await using (var nsmctl = new Nsmctl(programs))
            {
                var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "external"));
                Assert.Contains("daemonset.apps/nse-external-bridge created", applied, StringComparison.Ordinal);
                Assert.Contains("pod/external-client created", applied, StringComparison.Ordinal);

                // The DaemonSet's nodeSelector: no endpoint until the node has the label.
                Assert.DoesNotContain("nse-external", await nsmctl.OkAsync("get", "pods", "-l", "app=nse-external"), StringComparison.Ordinal);
                await nsmctl.OkAsync("label", "node", "worker-1", "external-network=true");
                await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "-l", "app=nse-external", "--timeout=60s");
                await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "external-client", "--timeout=120s");
                clientNetns = nsmctl.PodNetns("default", "external-client");

                // nsm-1: a macvlan on the node's eth1, one address of the subnet with its length, neither the gateway nor
                // an address an outside host (or the node) holds.
                var link = await nsmctl.OkAsync("exec", "external-client", "--", "ip", "-d", "addr", "show", "nsm-1");
                Assert.Contains("macvlan mode bridge", link, StringComparison.Ordinal);
                var address = AddressOnNsm1().Match(link);
                Assert.True(address.Success, "nsm-1 has a 10.200.0.x/24 address:\n" + link + nsmctl.Diagnostics());
                var client = "10.200.0." + address.Groups[1].Value;
                Assert.DoesNotContain(client, new[] { Gateway, TakenByAnOutsideHost, NodeOwnAddress.Split('/')[0] });
                Assert.Contains("10.200.0.0/24 dev nsm-1", await nsmctl.OkAsync("exec", "external-client", "--", "ip", "route", "show"), StringComparison.Ordinal);

                // Out and back: ICMP both ways, TCP both ways.
                await nsmctl.OkAsync("exec", "external-client", "--", "ping", "-c", "2", "-W", "2", Gateway);
                Assert.Equal(0, Mesh.TryTool("ip", $"netns exec {outside} ping -c 2 -W 2 {client}", TimeSpan.FromSeconds(20)).Code);
                using (NetnsTcp.Listen(outsidePath, 8080))
                {
                    Assert.True(await NetnsTcp.ConnectsAsync(nsmctl.PodNetnsPath("default", "external-client"), Gateway, 8080), "TCP from the client to the outside host");
                }

                using (NetnsTcp.Listen(nsmctl.PodNetnsPath("default", "external-client"), 8081))
                {
                    Assert.True(await NetnsTcp.ConnectsAsync(outsidePath, client, 8081), "TCP from the outside host to the client");
                }

                // The node's own use of eth1 is untouched: its address, its state, its traffic.
                Assert.Equal(eth1Before, Eth1State());
                Assert.Equal(0, Mesh.TryTool("ping", $"-c 1 -W 2 -I eth1 {Gateway}", TimeSpan.FromSeconds(10)).Code);

                // The label goes: so does the DaemonSet's pod.
                await nsmctl.OkAsync("label", "node", "worker-1", "external-network-");
                var gone = false;
                for (var i = 0; i < 100 && !gone; i++)
                {
                    gone = !(await nsmctl.OkAsync("get", "pods", "-l", "app=nse-external")).Contains("nse-external", StringComparison.Ordinal);
                    if (!gone)
                    {
                        await Task.Delay(100);
                    }
                }

                Assert.True(gone, "the endpoint's pod goes with the label\n" + nsmctl.Diagnostics());
            }

            // After down: the client's namespace, and its macvlan with it, are gone; eth1 is as it was.
            Assert.DoesNotContain(clientNetns!, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
            Assert.Equal(eth1Before, Eth1State());
        }
        finally
        {
            Mesh.TryTool("ip", "link del eth1", TimeSpan.FromSeconds(10)); // takes wire0 with it
            Mesh.TryTool("ip", $"netns del {outside}", TimeSpan.FromSeconds(10));
        }

        Assert.NotEqual(0, Mesh.TryTool("ip", "link show eth1", TimeSpan.FromSeconds(10)).Code);
        Assert.DoesNotContain("@eth1", Mesh.RunTool("ip", "-o link show type macvlan", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    // eth1's addresses (without their changing flags and lifetimes), MAC, MTU and up state.
    private static string Eth1State()
    {
        var link = Mesh.RunTool("ip", "-o link show eth1", TimeSpan.FromSeconds(10));
        var flags = Regex.Match(link, @"<([^>]*)>").Groups[1].Value;
        var mac = Regex.Match(link, @"link/ether (\S+)").Groups[1].Value;
        var mtu = Regex.Match(link, @"mtu (\d+)").Groups[1].Value;
        var addresses = Regex.Matches(Mesh.RunTool("ip", "-o addr show dev eth1", TimeSpan.FromSeconds(10)), @"inet6? (\S+)").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        return $"{flags} {mac} mtu {mtu} {string.Join(' ', addresses)}";
    }

    [GeneratedRegex(@"inet 10\.200\.0\.(\d+)/24 ")]
    private static partial Regex AddressOnNsm1();
}

/// <summary>A root fact that makes its own eth1: skipped when the machine already has one (a real eth1 is never touched).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NoEth1RootFactAttribute : FactAttribute
{
    public NoEth1RootFactAttribute() =>
        Skip = new RootFactAttribute().Skip
            ?? (Mesh.TryTool("ip", "link show eth1", TimeSpan.FromSeconds(10)).Code == 0
                ? "this machine has an eth1 of its own; the test makes a stand-in eth1 and never touches a real one"
                : null);
}
